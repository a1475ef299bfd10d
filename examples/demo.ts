// `pnpm demo`: a short tour of @org/llm, one line of output per step.
//
// Without OPENAI_API_KEY / ANTHROPIC_API_KEY every step runs against a local
// simulator (the test kit's fake provider server on 127.0.0.1: no network,
// no keys). With a key set, that provider is the real one; steps 6 and 7
// stay on the simulator, since a real provider cannot be asked to throttle
// or to go down on demand. The code path is the same either way: the
// configuration alone says where each provider is.
//
// Conversations (SQLite) and the metrics are kept in $LLM_DEMO_DATA_DIR,
// default .llm-demo/ at the root of the clone: run the demo twice and the
// second run's conversation remembers the first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFromConfig } from '@org/llm';
import { generateObject, LlmError, runTools, tool, type ChatRequest } from '@org/llm-core';
import { answeredBy } from '@org/llm-resilience';
import { z } from 'zod';
import { demoConfig, demoDataDir } from './demo/demo-config.ts';
import { simulated, startSimulator } from './demo/demo-simulator.ts';
import { describeMetrics } from './demo/describe-metrics.ts';
import { quote, showPath } from './demo/one-line.ts';

/** The tour: each step prints one line saying what it shows. */
async function tour(): Promise<void> {
  const env = process.env;
  const dataDir = demoDataDir(env);
  mkdirSync(dataDir, { recursive: true });

  await using simulator = await startSimulator();
  await using llm = await createFromConfig({
    config: demoConfig({ env, simulator, dataDir }),
    // Keys come from the environment alone: no .env file is read, so a run
    // without them never reaches a real provider.
    envFile: false,
  });

  const where = (provider: 'openai' | 'anthropic', key: string): string =>
    simulator.plays(llm, provider)
      ? `${provider} on the simulator (no ${key})`
      : `${provider} on its real API`;
  console.log(
    `Providers: ${where('openai', 'OPENAI_API_KEY')}, ${where('anthropic', 'ANTHROPIC_API_KEY')}; simulator at ${simulator.url}; data in ${showPath(dataDir)}`,
  );

  const system = 'Answer in one short sentence.';
  const onSimulator = 'on the simulator: a real provider cannot be made to do this on demand';

  // 1. The same request on OpenAI and on Claude: only the model id changes.
  const request: ChatRequest = {
    system,
    messages: [{ role: 'user', content: 'What does HTTP status 429 mean?' }],
  };
  simulator.script(llm, 'openai:gpt-6-luna', simulated.text('Too Many Requests: slow down.'));
  simulator.script(
    llm,
    'anthropic:claude-sonnet-5-5',
    simulated.text('The server is rate limiting you; wait, then retry.'),
  );
  const answers: string[] = [];
  for (const id of ['openai:gpt-6-luna', 'anthropic:claude-sonnet-5-5']) {
    const { text } = await llm.chatModel(id).generate(request);
    answers.push(`${id} says ${quote(text)}`);
  }
  console.log(`1. Same request, one string changed: ${answers.join(', ')}`);

  // 2. A streamed answer, printed as it arrives.
  simulator.script(
    llm,
    'chat',
    simulated.text(
      'Because retrying sooner only earns another 429, so waiting is the fastest way.',
    ),
  );
  const stream = await llm.chatModel('chat').stream({
    system,
    messages: [{ role: 'user', content: 'Why wait as long as Retry-After says?' }],
  });
  process.stdout.write('2. Streamed as it arrives: ');
  let pieces = 0;
  for await (const delta of stream.textStream) {
    pieces++;
    process.stdout.write(delta.replace(/\s+/g, ' '));
  }
  const { usage } = await stream.final();
  console.log(` (${pieces} pieces, ${usage.outputTokens ?? '?'} tokens)`);

  // 3. A two-turn conversation kept in SQLite: turn 1 in one run, turn 2 in the next.
  const storePath = showPath(join(dataDir, 'conversations.sqlite'));
  const chat = llm.conversation({ id: 'demo-tour', model: 'chat', system });
  let earlier = await chat.turns();
  if (earlier.length >= 2) {
    // The tour's conversation is complete: start it again.
    await llm.store.delete(chat.id);
    earlier = [];
  }
  if (earlier.length === 0) {
    simulator.script(llm, 'chat', simulated.text('Nice to meet you, Ada.'));
    const reply = await chat.send('Hello, my name is Ada.');
    console.log(
      `3. Conversation turn 1 of 2, stored in ${storePath}: ${quote(reply.text)} (run pnpm demo again: the next process remembers)`,
    );
  } else {
    // The simulator answers from what it was sent: the name is there only if turn 1 was.
    simulator.script(
      llm,
      'chat',
      simulated.reply((sent) =>
        sent.rawBody.includes('my name is Ada') ? 'Your name is Ada.' : 'I do not know your name.',
      ),
    );
    const reply = await chat.send('What is my name?');
    console.log(
      `3. Conversation turn 2 of 2, in a new process, with turn 1 read from ${storePath}: ${quote(reply.text)}`,
    );
  }

  // 4. A typed object: the answer is checked against a zod schema.
  const citySchema = z.object({ city: z.string(), country: z.string(), population: z.number() });
  simulator.script(
    llm,
    'chat',
    simulated.object({ city: 'Oslo', country: 'Norway', population: 717_710 }),
  );
  const { object: city } = await generateObject(llm.chatModel('chat'), {
    schema: citySchema,
    system,
    messages: [{ role: 'user', content: 'Oslo: its country and its population.' }],
  });
  console.log(
    `4. A typed object from a zod schema: ${JSON.stringify(city)} (city.population is a ${typeof city.population})`,
  );

  // 5. A tool call: the model asks, the application's function answers, the model replies.
  const getWeather = tool({
    name: 'get_weather',
    description: 'The current weather in a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: ({ city: name }) => ({ city: name, celsius: name === 'Oslo' ? 4 : 18 }),
  });
  simulator.script(
    llm,
    'chat',
    simulated.toolCall('get_weather', { city: 'Oslo' }),
    simulated.text('It is 4 °C in Oslo.'),
  );
  const run = await runTools(llm.chatModel('chat'), {
    system,
    messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
    tools: [getWeather],
  });
  const calls = run.steps.flatMap((step) => step.result.toolCalls);
  const results = run.steps.flatMap((step) => step.toolResults);
  console.log(
    `5. A tool call: the model called ${calls.map((call) => `${call.toolName}(${JSON.stringify(call.input)})`).join(', ')}, the app's function returned ${results.map((result) => JSON.stringify(result.output)).join(', ')}, then the model said ${quote(run.text)}`,
  );

  // 6. A 429 retried after the wait its Retry-After header asks for.
  simulator.script(
    llm,
    'throttled',
    simulated.rateLimited(1),
    simulated.text('Answered on the second attempt.'),
  );
  const retries: string[] = [];
  {
    using _retries = llm.events.onRetry((event) => {
      retries.push(
        `HTTP ${event.error.status ?? '?'} with Retry-After ${(event.retryAfterMs ?? 0) / 1000} s, retried after ${event.delayMs} ms`,
      );
    });
    const { text } = await llm.chatModel('throttled').generate(request);
    console.log(`6. Rate limited: ${retries.join(', ')}, then ${quote(text)} (${onSimulator})`);
  }

  // 7. A primary that is down, answered by its fallback.
  simulator.script(llm, 'failover', simulated.down(), simulated.down());
  simulator.script(
    llm,
    'simulated-anthropic:claude-sonnet-5-5',
    simulated.text('The fallback answered.'),
  );
  const statuses: string[] = [];
  let primary = '?';
  {
    using _retries = llm.events.onRetry((event) => statuses.push(String(event.error.status)));
    using _fallbacks = llm.events.onFallback((event) => {
      primary = `${event.from.provider}:${event.from.modelId}`;
      statuses.push(String(LlmError.isInstance(event.error) ? event.error.status : event.error));
    });
    const result = await llm.chatModel('failover').generate(request);
    const by = answeredBy(result);
    console.log(
      `7. Primary down: ${primary} answered HTTP ${statuses.join(', then ')}, so its fallback ${by?.provider ?? '?'}:${by?.modelId ?? '?'} answered ${quote(result.text)} (${onSimulator})`,
    );
  }

  // 8. The metrics those calls produced, as Prometheus scrapes them.
  const metricsFile = join(dataDir, 'metrics.prom');
  writeFileSync(metricsFile, await llm.metricsRegistry!.metrics());
  console.log(
    `8. Metrics: ${await describeMetrics(llm.metricsRegistry!)}; Prometheus text in ${showPath(metricsFile)}`,
  );
}

try {
  await tour();
} catch (error) {
  // Errors of @org/llm say what happened and what to do, and never hold a key.
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`The demo stopped: ${reason}`);
  process.exitCode = 1;
}
