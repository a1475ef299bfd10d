// The README's demo: one app, OpenAI and Claude, chosen by configuration.
//
// It runs offline: the real adapters talk HTTP to the testkit's fake provider
// server on 127.0.0.1, which answers like api.openai.com and api.anthropic.com.
// Point the same code at the real APIs by dropping `baseURL` and setting keys.
import { Conversation, createRegistry, generateObject, tool } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '@org/llm-resilience';
import { anthropic, createFakeProviderServer, openai } from '@org/llm-testkit';
import { z } from 'zod';

await using server = await createFakeProviderServer();
const registry = createRegistry({
  openai: createOpenAIHttp({ apiKey: 'sk-demo-openai-key', baseURL: server.openaiBaseURL }),
  anthropic: createAnthropic({ apiKey: 'sk-ant-demo-key', baseURL: server.anthropicBaseURL }),
});

// 1. Swap providers by configuration alone.
const chosen = process.env.CHAT_MODEL ?? 'openai:gpt-6-luna';
server.enqueue(
  chosen.startsWith('anthropic')
    ? anthropic.text('Hello from Claude, streamed.', {
        chunks: ['Hello ', 'from Claude, ', 'streamed.'],
      })
    : openai.text('Hello from OpenAI, streamed.', {
        chunks: ['Hello ', 'from OpenAI, ', 'streamed.'],
      }),
);
const stream = await registry
  .chatModel(chosen)
  .stream({ messages: [{ role: 'user', content: 'Hi!' }] });
process.stdout.write(`1. ${chosen} streams: `);
for await (const text of stream.textStream) process.stdout.write(text);
const { usage } = await stream.final();
console.log(`  (${usage.inputTokens ?? '?'} tokens in, ${usage.outputTokens ?? '?'} out)`);

// 2. Resilience: OpenAI is overloaded twice, so the call falls back to Claude.
const resilient = withResilience(
  [registry.chatModel('openai:gpt-6-luna'), registry.chatModel('anthropic:claude-sonnet-4-6')],
  { retry: { maxAttempts: 2, initialDelayMs: 50 } },
);
resilient.events.onRetry((event) => {
  console.log(`2. retry #${event.attempt} after ${event.error.name}`);
});
resilient.events.onFallback((event) => {
  if (event.to !== undefined)
    console.log(`2. fallback to ${event.to.provider}:${event.to.modelId}`);
});
server.enqueue(
  openai.error(503, { message: 'The engine is currently overloaded', type: 'server_error' }),
  openai.error(503, { message: 'The engine is currently overloaded', type: 'server_error' }),
  anthropic.text('Claude answered instead.'),
);
console.log(
  '2. answer:',
  (await resilient.generate({ messages: [{ role: 'user', content: 'Ping' }] })).text,
);

// 3. A conversation with a tool begins on OpenAI and moves to Claude.
const weather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: 4 }),
});
const chat = new Conversation({
  model: registry.chatModel('openai:gpt-6-luna'),
  tools: [weather],
});
server.enqueue(
  openai.toolCalls([{ id: 'call_oslo', name: 'get_weather', arguments: { city: 'Oslo' } }]),
  openai.text('It is 4 °C in Oslo.'),
);
console.log('3. OpenAI:', (await chat.send('Weather in Oslo?')).text);
chat.model = registry.chatModel('anthropic:claude-sonnet-4-6');
server.enqueue(anthropic.text('Yes: at 4 °C, take a coat.'));
console.log('3. Claude:', (await chat.send('Do I need a coat?')).text);
console.log('3. history:', (await chat.messages()).map((message) => message.role).join(' → '));

// 4. A typed, validated object.
server.enqueue(openai.jsonObject({ city: 'Oslo', celsius: 4 }));
const { object } = await generateObject(registry.chatModel('openai:gpt-6-luna'), {
  schema: z.object({ city: z.string(), celsius: z.number() }),
  messages: [{ role: 'user', content: 'Weather in Oslo as JSON' }],
});
console.log('4. object:', object);

// 5. What went over the wire (keys masked in the recording).
console.log(
  '5. requests:',
  server.requests.map((request) => `${request.path} ${request.headers.authorization ?? ''}`.trim()),
);
