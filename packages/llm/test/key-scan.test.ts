// Recognisable keys through every failure path of every package, then a
// scan of everything emitted: thrown errors (message, stack, JSON, and
// util.inspect with the whole cause chain and every field), log records,
// the metrics exposition, exported spans, and anything written to the
// console. No key, no part of one, may appear anywhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { AllAttemptsFailedError } from '@org/llm-core';
import {
  anthropic,
  createFakeProviderServer,
  fault,
  openai,
  type FakeProviderServer,
  type FakeScript,
} from '@org/llm-testkit';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { mockClient } from 'aws-sdk-client-mock';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFromConfig, type LlmRuntime } from '../src/runtime/create-from-config.ts';
import { freePort } from '@org/llm-test-support';

/** The keys, each recognisable, one not shaped like any known key (only exact knowledge scrubs it). */
const keys = {
  openai: 'sk-proj-KEYSCANopenai0123456789abcdefXYZ',
  anthropic: 'sk-ant-api03-KEYSCANclaude0123456789efGH',
  opaque: 'KEYSCANopaque7f3a9c1e5b2d4680aa',
  header: 'KEYSCANheadertokena1b2c3d4e5f6',
  proxyPassword: 'KEYSCANproxypw19af5c0d',
} as const;

/** Fragments of the keys that must not appear either (a key cut or masked badly). */
const needles = Object.entries(keys).flatMap(([name, key]) => [
  { name, text: key },
  { name: `${name} (middle)`, text: key.slice(8, 24) },
]);

const emitted: { readonly where: string; readonly text: string }[] = [];
const record = (where: string, value: unknown): void => {
  emitted.push({ where, text: typeof value === 'string' ? value : inspect(value, { depth: 12 }) });
};

/** A provider's configuration under `name`, and under `${name}-impatient` with timeoutMs 150. */
function withImpatientTwin(
  name: string,
  provider: Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  return { [name]: provider, [`${name}-impatient`]: { ...provider, timeoutMs: 150 } };
}

/** Everything an error shows: message, stack, JSON form, and inspect (cause chain, fields, headers). */
function recordError(where: string, error: unknown): void {
  record(`${where}: inspect`, error);
  if (error instanceof Error) {
    record(`${where}: stack`, error.stack ?? '');
    record(`${where}: JSON`, JSON.stringify(error));
    record(`${where}: String`, String(error));
  }
  if (AllAttemptsFailedError.isInstance(error)) {
    error.attempts.forEach((attempt, index) => {
      recordError(`${where}: attempt ${index + 1}`, attempt.error);
    });
  }
}

let server: FakeProviderServer;
let runtime: LlmRuntime;
let dir: string;
const registry = new Registry();
const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const kms = mockClient(KMSClient);

const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };

/** An echo of the request's credentials, as a misconfigured gateway might send back. */
const echo = (key: string): Readonly<Record<string, string>> => ({
  'x-echo-authorization': `Bearer ${key}`,
  'x-echo-api-key': key,
});

/** The failure scripts of one wire, each echoing `key` where a server could. */
function failures(wire: 'openai' | 'anthropic', key: string): [string, FakeScript][] {
  if (wire === 'anthropic') {
    return [
      [
        '401 echoing the key',
        anthropic.error(401, {
          type: 'authentication_error',
          message: `invalid x-api-key: ${key}`,
          headers: echo(key),
        }),
      ],
      [
        '400 echoing the key',
        anthropic.error(400, { type: 'invalid_request_error', message: `bad request from ${key}` }),
      ],
      [
        '429 echoing the key',
        anthropic.error(429, {
          type: 'rate_limit_error',
          message: `slow down ${key}`,
          headers: { ...echo(key), 'retry-after': '0' },
        }),
      ],
      [
        '529 echoing the key',
        anthropic.error(529, { type: 'overloaded_error', message: `overloaded for ${key}` }),
      ],
      [
        'a stream error after content',
        anthropic.streamError(
          { type: 'api_error', message: `internal error for ${key}` },
          { afterEvents: 4 },
        ),
      ],
      [
        'a body that is not JSON',
        anthropic.raw({
          status: 500,
          body: `<html>proxy error, request had Authorization: Bearer ${key}</html>`,
          headers: { 'content-type': 'text/html' },
        }),
      ],
      ['a reset connection', anthropic.text('never', { fault: fault.reset() })],
    ];
  }
  return [
    [
      '401 echoing the key',
      openai.error(401, {
        message: `Incorrect API key provided: ${key}`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        headers: echo(key),
      }),
    ],
    ['400 echoing the key', openai.error(400, { message: 'bad parameter', param: key })],
    [
      '429 echoing the key',
      openai.error(429, {
        message: `Rate limit reached for ${key}`,
        type: 'requests',
        headers: { ...echo(key), 'retry-after': '0' },
      }),
    ],
    ['500 echoing the key', openai.error(500, { message: `server error for ${key}` })],
    [
      'a stream error after content',
      openai.streamError(
        { message: `stream broke for ${key}`, type: 'server_error' },
        { afterChunks: 2 },
      ),
    ],
    [
      'a body that is not JSON',
      openai.raw({
        status: 200,
        body: `{"id": "x", "key": "${key}", broken`,
        headers: { 'content-type': 'application/json' },
      }),
    ],
    ['a reset connection', openai.text('never', { fault: fault.reset() })],
  ];
}

/** Runs a call that must fail, recording its error. */
async function fails(where: string, call: () => Promise<unknown>): Promise<void> {
  let failed = false;
  try {
    await call();
  } catch (error) {
    failed = true;
    recordError(where, error);
  }
  expect(failed, `${where} should fail`).toBe(true);
}

/** Every place a key (or the middle of one) appears in `texts`, with some context. */
function leaksIn(texts: readonly { readonly where: string; readonly text: string }[]): string[] {
  return texts.flatMap(({ where, text }) =>
    needles
      .filter(({ text: needle }) => text.includes(needle))
      .map(({ name, text: needle }) => {
        const at = text.indexOf(needle);
        return `${where}: the ${name} key in …${text.slice(Math.max(0, at - 80), at + needle.length + 20)}…`;
      }),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-key-scan-'));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      record(`console.${method}`, args);
    });
  }
  vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
    record('process warning', warning);
  });
  server = await createFakeProviderServer();
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        record('log', line);
      },
    },
  );
  const down = await freePort();
  runtime = await createFromConfig({
    envFile: false,
    metricsRegistry: registry,
    tracer: tracerProvider.getTracer('key-scan'),
    logger,
    env: {
      OPENAI_KEY: keys.openai,
      ANTHROPIC_KEY: keys.anthropic,
      OPAQUE_KEY: keys.opaque,
      HEADER_TOKEN: keys.header,
      PROXY_URL: `http://scan:${keys.proxyPassword}@127.0.0.1:${down}`,
    },
    config: {
      providers: {
        // The failure paths run on each provider as configured; the timeout
        // path on its impatient twin (timeoutMs 150), so that on a busy
        // machine a slow error answer never turns into a timeout instead.
        ...withImpatientTwin('openai', {
          adapter: 'openai-http',
          apiKey: 'env:OPENAI_KEY',
          baseURL: server.openaiBaseURL,
        }),
        ...withImpatientTwin('sdk', {
          adapter: 'openai',
          apiKey: 'env:OPENAI_KEY',
          baseURL: server.openaiBaseURL,
        }),
        ...withImpatientTwin('anthropic', {
          adapter: 'anthropic',
          apiKey: 'env:ANTHROPIC_KEY',
          baseURL: server.anthropicBaseURL,
        }),
        ...withImpatientTwin('compat', {
          adapter: 'openai-http',
          apiKey: 'env:OPAQUE_KEY',
          baseURL: server.openaiBaseURL,
          headers: { 'x-tenant-token': { secret: 'env:HEADER_TOKEN' } },
        }),
        down: {
          adapter: 'openai',
          apiKey: 'env:OPAQUE_KEY',
          baseURL: `http://127.0.0.1:${down}/v1`,
        },
        proxied: {
          adapter: 'anthropic',
          apiKey: 'env:ANTHROPIC_KEY',
          baseURL: server.anthropicBaseURL,
          proxy: 'env:PROXY_URL',
        },
      },
      models: {
        openai: 'openai:gpt-4o-mini',
        sdk: 'sdk:gpt-4o-mini',
        anthropic: 'anthropic:claude-sonnet-4-5',
        compat: 'compat:llama-3.3-70b',
        chain: { model: 'compat:llama-3.3-70b', fallbacks: ['anthropic:claude-sonnet-4-5'] },
      },
      defaults: { resilience: 'scan' },
      resilience: { scan: { retry: { maxAttempts: 2, initialDelayMs: 0 }, breaker: false } },
      metrics: { enabled: true },
      tracing: { enabled: true, propagateContext: true },
      logging: { level: 'debug' },
    },
  });
});

afterAll(async () => {
  await runtime.close();
  await server.close();
  context.disable();
  propagation.disable();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('no key in anything emitted', () => {
  const adapters = [
    ['openai-http', 'openai', 'openai', keys.openai, 'openai-impatient:gpt-4o-mini'],
    ['openai SDK', 'sdk', 'openai', keys.openai, 'sdk-impatient:gpt-4o-mini'],
    [
      'anthropic',
      'anthropic',
      'anthropic',
      keys.anthropic,
      'anthropic-impatient:claude-sonnet-4-5',
    ],
    [
      'openai-compatible, opaque key and header token',
      'compat',
      'openai',
      keys.opaque,
      'compat-impatient:llama-3.3-70b',
    ],
  ] as const;

  it.each(adapters)('%s: every failure path', async (_label, alias, wire, key, impatient) => {
    const model = runtime.chatModel(alias);
    for (const [name, script] of failures(wire, key)) {
      // Twice: retries (maxAttempts 2) see the same failure again.
      server.enqueue(script, script);
      await fails(`${alias}: ${name} (generate)`, () => model.generate(ask));
      server.reset();
      const streamed = failures(wire, key).find(([other]) => other === name)![1];
      server.enqueue(streamed, streamed);
      await fails(`${alias}: ${name} (stream)`, async () => (await model.stream(ask)).final());
      server.reset();
    }
    // A stall far past the twin's timeoutMs: its deadline, set before the
    // request leaves, falls due first however slow the machine.
    const stall =
      wire === 'anthropic'
        ? anthropic.text('late', { fault: fault.slowFirstByte(60_000) })
        : openai.text('late', { fault: fault.slowFirstByte(60_000) });
    server.enqueue(stall, stall);
    await fails(`${alias}: timeout`, () => runtime.chatModel(impatient).generate(ask));
    server.reset();
  });

  it('a fallback chain where every model fails', async () => {
    server.handle((request) =>
      request.path.endsWith('/v1/messages')
        ? anthropic.error(401, { type: 'authentication_error', message: `bad ${keys.anthropic}` })
        : openai.error(500, { message: `down for ${keys.opaque}` }),
    );
    await fails('chain', () => runtime.chatModel('chain').generate(ask));
    server.reset();
  });

  it('a provider that is down, and a proxy that is down', async () => {
    await fails('down', () => runtime.chatModel('down:gpt-4o').generate(ask));
    await fails('proxied', () => runtime.chatModel('proxied:claude-sonnet-4-5').generate(ask));
  });

  it('start-up failures: a literal key in the file, an override, a secret KMS cannot decrypt', async () => {
    const startup = (
      label: string,
      options: Parameters<typeof createFromConfig>[0],
    ): Promise<void> => fails(label, () => createFromConfig({ envFile: false, ...options }));
    await startup('literal key', {
      env: {},
      config: { providers: { openai: { adapter: 'openai-http', apiKey: keys.openai } } },
    });
    await startup('literal key in an override', {
      env: { LLM__PROVIDERS__OPENAI__API_KEY: keys.opaque },
      config: { providers: { openai: { adapter: 'openai-http' } } },
    });
    await startup('literal credential header', {
      env: {},
      config: {
        providers: {
          openai: { adapter: 'openai-http', headers: { authorization: `Bearer ${keys.header}` } },
        },
      },
    });
    kms
      .on(DecryptCommand)
      .rejects(
        Object.assign(new Error(`denied for ${keys.opaque}`), { name: 'AccessDeniedException' }),
      );
    await startup('KMS refuses', {
      env: { GOOD: keys.openai },
      config: {
        providers: {
          a: { adapter: 'openai-http', apiKey: 'env:GOOD' },
          b: {
            adapter: 'openai-http',
            apiKey: `aws-kms:${Buffer.from('blob').toString('base64')}`,
          },
        },
      },
    });
  });

  it('scan: error messages, stacks and JSON, logs, metrics, spans and the console hold no key', async () => {
    record('metrics', await registry.metrics());
    await tracerProvider.forceFlush();
    for (const span of exporter.getFinishedSpans()) {
      record(
        `span ${span.name}`,
        JSON.stringify({
          attributes: span.attributes,
          events: span.events,
          status: span.status,
          name: span.name,
        }),
      );
    }
    // The scan saw what it should: errors from every path, log records, spans, metrics.
    expect(emitted.filter(({ where }) => where.endsWith('inspect')).length).toBeGreaterThan(60);
    expect(emitted.filter(({ where }) => where === 'log').length).toBeGreaterThan(50);
    expect(emitted.filter(({ where }) => where.startsWith('span')).length).toBeGreaterThan(50);
    expect(leaksIn(emitted.filter(({ where }) => !where.endsWith('inspect')))).toEqual([]);
  });

  // What `console.error(error)` prints: the whole cause chain and the
  // error's `headers` field, which adapters scrub as well (issue #9).
  it('scan: the cause chains and response headers of thrown errors hold no key', () => {
    const inspected = emitted.filter(({ where }) => where.endsWith('inspect'));
    expect(inspected.length).toBeGreaterThan(60);
    expect(leaksIn(inspected)).toEqual([]);
  });
});
