import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, NotFoundError } from '@org/llm-core';
import {
  anthropic,
  createFakeProviderServer,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../examples/support-answer.ts';
import { createFromConfig } from '../src/runtime/create-from-config.ts';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
let server: FakeProviderServer;
let dir: string;

beforeAll(async () => {
  server = await createFakeProviderServer();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(async () => {
  context.disable();
  propagation.disable();
  await server.close();
});
beforeEach(() => {
  server.reset();
  dir = mkdtempSync(join(tmpdir(), 'llm-runtime-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a run against the fake server: keys, and the base URLs of `providers` as overrides. */
function fakeEnv(...providers: ('openai' | 'anthropic')[]): Record<string, string> {
  const env: Record<string, string> = {
    OPENAI_API_KEY: 'sk-test-openai-0001',
    ANTHROPIC_API_KEY: 'sk-ant-test-0002',
  };
  if (providers.includes('openai')) env.LLM__PROVIDERS__OPENAI__BASE_URL = server.openaiBaseURL;
  if (providers.includes('anthropic')) {
    env.LLM__PROVIDERS__ANTHROPIC__BASE_URL = server.anthropicBaseURL;
  }
  return env;
}

// The first calls load both SDK adapters: seconds of CPU on a loaded machine.
describe('one application, two configurations', { timeout: 60_000 }, () => {
  it('runs on OpenAI or on Claude by changing the configuration file alone', async () => {
    server.enqueue(openai.text('Reset it from Settings.'));
    const viaOpenAI = await answer('How do I reset my password?', {
      path: join(examples, 'openai.llm.config.yaml'),
      env: fakeEnv('openai'),
      envFile: false,
    });
    expect(viaOpenAI).toBe('Reset it from Settings.');
    expect(server.lastRequest.path).toBe('/v1/chat/completions');
    // The fake server records the key masked.
    expect(server.lastRequest.headers.authorization).toBe('Bearer ***0001');
    expect(server.lastRequest.body).toMatchObject({
      model: 'gpt-6-luna',
      messages: [
        { role: 'system', content: 'You are a terse support agent.' },
        { role: 'user', content: 'How do I reset my password?' },
      ],
    });

    server.enqueue(anthropic.text('Settings, then Reset.'));
    const viaClaude = await answer('How do I reset my password?', {
      path: join(examples, 'anthropic.llm.config.yaml'),
      env: fakeEnv('anthropic'),
      envFile: false,
    });
    expect(viaClaude).toBe('Settings, then Reset.');
    expect(server.lastRequest.path).toBe('/v1/messages');
    expect(server.lastRequest.body).toMatchObject({
      model: 'claude-sonnet-5-5',
      system: 'You are a terse support agent.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'How do I reset my password?' }] },
      ],
    });
  });

  it('swaps the provider with one environment variable', async () => {
    const both = join(dir, 'llm.config.yaml');
    writeFileSync(
      both,
      [
        'providers:',
        '  openai: { adapter: openai, apiKey: env:OPENAI_API_KEY }',
        '  anthropic: { adapter: anthropic, apiKey: env:ANTHROPIC_API_KEY }',
        'models:',
        '  chat: openai:gpt-4o-mini',
        '',
      ].join('\n'),
    );
    server.enqueue(anthropic.text('From Claude.'));
    const text = await answer('Hi', {
      cwd: dir,
      env: { ...fakeEnv('openai', 'anthropic'), LLM__MODELS__CHAT: 'anthropic:claude-sonnet-4-5' },
    });
    expect(text).toBe('From Claude.');
    expect(server.lastRequest.path).toBe('/v1/messages');
  });
});

describe('createFromConfig', () => {
  it('fails at start-up, before any request, when a secret is missing', async () => {
    const error: unknown = await createFromConfig({
      path: join(examples, 'openai.llm.config.yaml'),
      env: { LLM__PROVIDERS__OPENAI__BASE_URL: server.openaiBaseURL },
      envFile: false,
    }).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Could not resolve 1 secret at start-up:\n  - at providers.openai.apiKey, env:OPENAI_API_KEY cannot be resolved: the environment variable OPENAI_API_KEY is not set; set it, or add it to the .env file',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('applies a resilience policy and a fallback chain from the file', async () => {
    server.enqueue(
      openai.error(500, { message: 'boom' }),
      openai.error(503, { message: 'still down' }),
      anthropic.text('From the fallback.'),
    );
    await using llm = await createFromConfig({
      env: fakeEnv('openai', 'anthropic'),
      envFile: false,
      config: {
        providers: {
          openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' },
          anthropic: { adapter: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' },
        },
        models: {
          smart: {
            model: 'openai:gpt-4o',
            fallbacks: ['anthropic:claude-sonnet-4-5'],
            resilience: 'quick',
          },
        },
        resilience: { quick: { retry: { maxAttempts: 2, initialDelayMs: 0 } } },
      },
    });
    const fallbacks: string[] = [];
    llm.events.onFallback(({ from, to }) =>
      fallbacks.push(`${from.modelId} → ${to?.modelId ?? ''}`),
    );
    const result = await llm.chatModel('smart').generate({
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(result.text).toBe('From the fallback.');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/messages',
    ]);
    expect(fallbacks).toEqual(['gpt-4o → claude-sonnet-4-5']);
    expect(llm.models).toEqual([
      {
        name: 'smart',
        model: 'openai:gpt-4o',
        fallbacks: ['anthropic:claude-sonnet-4-5'],
        resilience: 'quick',
      },
    ]);
  });

  it('wraps models in metrics, tracing and logging when the configuration turns them on', async () => {
    const registry = new Registry();
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const records: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug', base: undefined },
      {
        write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>),
      },
    );
    server.enqueue(openai.text('Observed.'));
    await using llm = await createFromConfig({
      env: fakeEnv('openai'),
      envFile: false,
      metricsRegistry: registry,
      tracer: tracerProvider.getTracer('test'),
      logger,
      config: {
        providers: { openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' } },
        models: { chat: 'openai:gpt-4o-mini' },
        metrics: { enabled: true },
        tracing: { enabled: true, propagateContext: true },
        logging: { level: 'info' },
      },
    });
    expect(llm.metricsRegistry).toBe(registry);
    await llm.chatModel('chat').generate({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(await registry.metrics()).toContain(
      'llm_requests_total{provider="openai",model="gpt-4o-mini",operation="generate",outcome="success"} 1',
    );
    await tracerProvider.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(server.lastRequest.headers.traceparent).toBe(
      `00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`,
    );
    expect(records.map((record) => record.msg)).toEqual(['generate openai:gpt-4o-mini answered']);
  });

  it('finds models by alias or provider:model, and names what exists otherwise', async () => {
    await using llm = await createFromConfig({
      env: fakeEnv('openai'),
      envFile: false,
      config: {
        providers: { openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' } },
        models: { chat: 'openai:gpt-4o-mini', fast: 'chat' },
      },
    });
    expect(llm.chatModel('chat')).toBe(llm.chatModel('chat'));
    expect(llm.chatModel('openai:gpt-4o').modelId).toBe('gpt-4o');
    expect(llm.models.map((model) => [model.name, model.model])).toEqual([
      ['chat', 'openai:gpt-4o-mini'],
      ['fast', 'openai:gpt-4o-mini'],
    ]);
    expect(() => llm.chatModel('smart')).toThrow(NotFoundError);
    expect(() => llm.chatModel('smart')).toThrow(
      "Unknown model 'smart': it is not an alias. Configured providers: openai; aliases: chat, fast.",
    );
    expect(() => llm.chatModel('mistral:large')).toThrow(
      "Unknown model 'mistral:large': use an alias or 'provider:model' with a configured provider. Configured providers: openai; aliases: chat, fast.",
    );
    expect(llm.redact('key sk-test-openai-0001 leaked')).toBe('key [redacted] leaked');
  });

  it('scrubs resolved secrets and proxy passwords with redact()', async () => {
    await using llm = await createFromConfig({
      envFile: false,
      env: {
        OPENAI_API_KEY: 'opaque-key-0123456789',
        EGRESS: 'http://egress:pw-from-env-42@127.0.0.1:1',
      },
      config: {
        providers: {
          a: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY', proxy: 'env:EGRESS' },
          b: {
            adapter: 'anthropic',
            apiKey: 'env:OPENAI_API_KEY',
            proxy: 'http://u:pw-in-file-43@127.0.0.1:1',
          },
        },
      },
    });
    expect(llm.redact('opaque-key-0123456789 pw-from-env-42 pw-in-file-43')).toBe(
      '[redacted] [redacted] [redacted]',
    );
  });

  it('keeps conversations in the configured store, with the configured memory', async () => {
    server.enqueue(openai.text('Hello Ada.'), openai.text('Noted.'), openai.text('Blue.'));
    await using llm = await createFromConfig({
      env: fakeEnv('openai'),
      envFile: false,
      config: {
        providers: { openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' } },
        models: { chat: 'openai:gpt-4o-mini' },
        store: { kind: 'memory' },
        conversations: { lastMessages: 3 },
      },
    });
    await llm.conversation({ id: 'c1' }).send('I am Ada.');
    await llm.conversation({ id: 'c1' }).send('I like blue.');
    const reply = await llm.conversation({ id: 'c1' }).send('Which colour?');
    expect(reply.text).toBe('Blue.');
    // lastMessages: 3 sends the last turn and the new question, not the first turn.
    expect((server.lastRequest.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'I like blue.' },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: 'Which colour?' },
    ]);
    expect((await llm.store.load('c1'))?.messages).toHaveLength(6);
  });

  it('keeps conversations in a SQLite file across two runtimes (a restart)', async () => {
    const config = {
      providers: { openai: { adapter: 'openai-http' as const } },
      models: { chat: 'openai:gpt-4o-mini' },
      store: { kind: 'sqlite' as const, path: join(dir, 'conversations.db') },
    };
    server.enqueue(openai.text('Noted.'), openai.text('Ada.'));
    {
      await using first = await createFromConfig({
        env: fakeEnv('openai'),
        envFile: false,
        config,
      });
      await first.conversation({ id: 'c1' }).send('I am Ada.');
    }
    await using second = await createFromConfig({ env: fakeEnv('openai'), envFile: false, config });
    const reply = await second.conversation({ id: 'c1' }).send('Who am I?');
    expect(reply.text).toBe('Ada.');
    expect(server.lastRequest.bodyAs('openai-chat').messages).toEqual([
      { role: 'user', content: 'I am Ada.' },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: 'Who am I?' },
    ]);
    expect((await second.store.load('c1'))?.version).toBe(2);
  });

  // CPU-bound, not timed: the first count loads @org/llm-memory and builds
  // js-tiktoken's o200k_base encoder from its ranks (a few MB; 1.8 s of CPU
  // alone). The test took 11.5 s on this 2-core machine at load 10, so it
  // gets a budget that only a hang exhausts.
  it(
    'trims conversations to the model window with conversations.tokenBudget',
    { timeout: 90_000 },
    async () => {
      server.enqueue(openai.text('One.'), openai.text('Two.'));
      await using llm = await createFromConfig({
        env: fakeEnv('openai'),
        envFile: false,
        config: {
          providers: { openai: { adapter: 'openai-http' } },
          models: { chat: 'openai:gpt-4o-mini' },
          // A budget small enough that the first turn no longer fits beside the second question.
          conversations: { tokenBudget: { maxInputTokens: 50, marginTokens: 0 } },
        },
      });
      await llm.conversation({ id: 'c1' }).send(`First question. ${'word '.repeat(30)}`);
      const second = `Second question. ${'word '.repeat(10)}`;
      await llm.conversation({ id: 'c1' }).send(second);
      expect(server.lastRequest.bodyAs('openai-chat').messages).toEqual([
        { role: 'user', content: second },
      ]);
    },
  );

  it('refuses lastMessages and tokenBudget together, and a redis store with both url and cluster', async () => {
    const both = await createFromConfig({
      env: fakeEnv('openai'),
      envFile: false,
      config: {
        providers: { openai: { adapter: 'openai-http' } },
        conversations: { lastMessages: 4, tokenBudget: true },
      },
    }).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(both)).toBe(true);
    expect((both as Error).message).toContain('one of lastMessages and tokenBudget, not both');
    const redis = await createFromConfig({
      env: fakeEnv('openai'),
      envFile: false,
      config: {
        providers: { openai: { adapter: 'openai-http' } },
        store: { kind: 'redis', url: 'redis://127.0.0.1:1', cluster: ['redis://127.0.0.1:2'] },
      },
    }).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(redis)).toBe(true);
    expect((redis as Error).message).toContain('exactly one of url (one server) and cluster');
  });

  it('adds the .env file to the process environment when it reads process.env', async () => {
    writeFileSync(
      join(dir, 'llm.config.yaml'),
      'providers:\n  local: { adapter: openai-http, baseURL: "http://127.0.0.1:1/v1" }\n',
    );
    writeFileSync(join(dir, '.env'), 'LLM_TEST_FROM_DOTENV=1\n');
    try {
      await using llm = await createFromConfig({ cwd: dir });
      expect(llm.providers).toEqual(['local']);
      expect(process.env.LLM_TEST_FROM_DOTENV).toBe('1');
    } finally {
      delete process.env.LLM_TEST_FROM_DOTENV;
    }
  });
});
