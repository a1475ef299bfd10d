// The README's demo: one app, two providers, chosen by configuration.
//
// It runs offline against MockChatModel stand-ins; with the adapters it is the
// same code with `createOpenAIHttp` / `createAnthropic` in the registry.
import { Conversation, createRegistry, generateObject, tool } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { z } from 'zod';

const registry = createRegistry({
  openai: (modelId) =>
    new MockChatModel({
      provider: 'openai',
      modelId,
      respond: (request) => ({
        text: `(${modelId}) You said: ${JSON.stringify(request.messages.at(-1)?.content)}`,
      }),
    }),
  anthropic: (modelId) =>
    new MockChatModel({
      provider: 'anthropic',
      modelId,
      respond: (request) =>
        request.tools !== undefined && request.messages.at(-1)?.role === 'user'
          ? { toolCalls: [{ toolName: 'get_weather', input: { city: 'Oslo' } }] }
          : request.responseFormat !== undefined
            ? { text: '{"city":"Oslo","celsius":4}' }
            : { text: `(${modelId}) It is 4 degrees in Oslo.` },
    }),
});

// Swap providers by configuration alone.
const modelId = process.env.CHAT_MODEL ?? 'openai:gpt-4o-mini';
const model = registry.chatModel(modelId);
const stream = await model.stream({ messages: [{ role: 'user', content: 'Hello!' }] });
process.stdout.write(`${modelId} streams: `);
for await (const text of stream.textStream) process.stdout.write(text);
process.stdout.write('\n');

// A conversation with a tool, moved to Claude mid-way.
const weather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: 4 }),
});
const chat = new Conversation({ model, system: 'Be brief.', tools: [weather] });
console.log('turn 1:', (await chat.send('Hi, I plan a trip.')).text);
chat.model = registry.chatModel('anthropic:claude-sonnet-4-5');
console.log('turn 2:', (await chat.send('Weather in Oslo?')).text);
console.log('history:', (await chat.messages()).map((message) => message.role).join(' → '));

// A typed, validated object.
const { object } = await generateObject(registry.chatModel('anthropic:claude-sonnet-4-5'), {
  schema: z.object({ city: z.string(), celsius: z.number() }),
  messages: [{ role: 'user', content: 'Weather in Oslo as JSON' }],
});
console.log('object:', object);
