import type { LlmError } from '@org/llm-core';
import {
  AuthenticationError,
  ConnectionError,
  ContextLengthExceededError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  StreamInterruptedError,
  type ChatModel,
  type ChatRequest,
} from '@org/llm-core';
import { fault, openai, type FakeScript } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWireHarness,
  testApiKey,
  transports,
  type WireHarness,
} from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
});
afterAll(async () => {
  await harness.close();
});

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };

/** An error class with the brand check every LlmError has. */
interface ErrorClass {
  readonly errorName: string;
  isInstance(value: unknown): boolean;
}

/** How the call is made: `generate`, or `stream` read to the end. */
type Call = 'generate' | 'stream';

interface FaultCase {
  readonly name: string;
  readonly script: () => FakeScript;
  readonly calls: readonly Call[];
  readonly error: ErrorClass;
  readonly isRetryable: boolean;
  readonly retryAfterMs?: number | undefined;
  readonly status?: number | undefined;
  /** For a StreamInterruptedError: the class of its cause and the text that arrived. */
  readonly interrupted?: { readonly cause: ErrorClass; readonly partialText: string } | undefined;
  /** For a failure before content: stream() itself must reject (so retries can act). */
  readonly rejectsStreamCall?: boolean | undefined;
}

const both: readonly Call[] = ['generate', 'stream'];
const streamOnly: readonly Call[] = ['stream'];
const partial = { chunks: ['Partial', ' answer', ' goes on'] };

const cases: readonly FaultCase[] = [
  {
    name: '401 invalid key',
    script: () =>
      openai.error(401, {
        message: `Incorrect API key provided: ${testApiKey}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      }),
    calls: both,
    error: AuthenticationError,
    isRetryable: false,
    status: 401,
    rejectsStreamCall: true,
  },
  {
    name: '403 region not supported',
    script: () =>
      openai.error(403, {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      }),
    calls: both,
    error: PermissionDeniedError,
    isRetryable: false,
    status: 403,
    rejectsStreamCall: true,
  },
  {
    name: '404 model_not_found',
    script: () =>
      openai.error(404, {
        message: 'The model `gpt-9` does not exist or you do not have access to it.',
        code: 'model_not_found',
      }),
    calls: both,
    error: NotFoundError,
    isRetryable: false,
    status: 404,
    rejectsStreamCall: true,
  },
  {
    name: '400 context_length_exceeded',
    script: () =>
      openai.error(400, {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        code: 'context_length_exceeded',
        param: 'messages',
      }),
    calls: both,
    error: ContextLengthExceededError,
    isRetryable: false,
    status: 400,
    rejectsStreamCall: true,
  },
  {
    name: '429 with retry-after',
    script: () => openai.rateLimited({ retryAfterSeconds: 2 }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: 2000,
    status: 429,
    rejectsStreamCall: true,
  },
  {
    name: '429 with retry-after-ms',
    script: () => openai.rateLimited({ retryAfterMs: 1500 }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: 1500,
    status: 429,
    rejectsStreamCall: true,
  },
  {
    name: '429 with only x-ratelimit-* headers',
    script: () => openai.rateLimited({ resetRequests: '6m0s', remainingRequests: 0 }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: 360_000,
    status: 429,
    rejectsStreamCall: true,
  },
  {
    name: '429 insufficient_quota',
    script: () => openai.quotaExhausted(),
    calls: both,
    error: RateLimitError,
    isRetryable: false,
    status: 429,
    rejectsStreamCall: true,
  },
  ...[500, 502].map((status): FaultCase => ({
    name: `${status} server error`,
    script: () =>
      openai.error(status, {
        message: 'The server had an error while processing your request. Sorry about that!',
      }),
    calls: both,
    error: ServerError,
    isRetryable: true,
    status,
    rejectsStreamCall: true,
  })),
  {
    name: '503 overloaded',
    script: () =>
      openai.error(503, {
        message: 'The engine is currently overloaded, please try again later.',
        type: 'server_error',
      }),
    calls: both,
    error: OverloadedError,
    isRetryable: true,
    status: 503,
    rejectsStreamCall: true,
  },
  {
    name: 'connection reset before headers',
    script: () => openai.text('never sent', { fault: fault.reset() }),
    calls: both,
    error: ConnectionError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'stream cut before content',
    script: () => openai.text('Partial answer goes on', { ...partial, fault: fault.cut(1) }),
    calls: streamOnly,
    error: ConnectionError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'stream cut mid-answer',
    script: () => openai.text('Partial answer goes on', { ...partial, fault: fault.cut(3) }),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    interrupted: { cause: ConnectionError, partialText: 'Partial answer' },
  },
  {
    name: 'malformed SSE line before content',
    script: () => openai.text('Partial answer goes on', { ...partial, fault: fault.malformed(1) }),
    calls: streamOnly,
    error: ResponseValidationError,
    isRetryable: false,
    rejectsStreamCall: true,
  },
  {
    name: 'malformed SSE line after content',
    script: () => openai.text('Partial answer goes on', { ...partial, fault: fault.malformed(2) }),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    interrupted: { cause: ResponseValidationError, partialText: 'Partial' },
  },
  {
    name: 'error event in the stream before content',
    script: () =>
      openai.streamError({
        message: 'The server had an error while processing your request.',
        type: 'server_error',
      }),
    calls: streamOnly,
    error: ServerError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'error event in the stream after content',
    script: () =>
      openai.streamError(
        { message: 'The server had an error while processing your request.', type: 'server_error' },
        { afterChunks: 3, text: 'Partial answer goes on' },
      ),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    interrupted: { cause: ServerError, partialText: 'Partial answer' },
  },
];

async function failureOf(
  model: ChatModel,
  call: Call,
): Promise<{ error: unknown; streamCallRejected: boolean }> {
  if (call === 'generate') {
    return {
      error: await model.generate(hello).then(
        () => undefined,
        (error: unknown) => error,
      ),
      streamCallRejected: false,
    };
  }
  let stream;
  try {
    stream = await model.stream(hello);
  } catch (error) {
    return { error, streamCallRejected: true };
  }
  return {
    error: await stream.final().then(
      () => undefined,
      (error: unknown) => error,
    ),
    streamCallRejected: false,
  };
}

describe.each(transports)('faults over $name', ({ options }) => {
  const rows = cases.flatMap((row) =>
    row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
  );

  it.each(rows)('$label', async (row) => {
    harness.server.enqueue(row.script());
    const { error, streamCallRejected } = await failureOf(
      harness.provider(options)('gpt-4o-mini'),
      row.call,
    );
    if (!row.error.isInstance(error))
      throw new Error(`expected ${row.error.errorName}, got ${String(error)}`);
    const llmError = error as LlmError;
    expect(llmError.isRetryable).toBe(row.isRetryable);
    expect(llmError.retryAfterMs).toBe(row.retryAfterMs);
    expect(llmError.provider).toBe('openai');
    expect(llmError.modelId).toBe('gpt-4o-mini');
    if (row.status !== undefined) expect(llmError.status).toBe(row.status);
    if (row.call === 'stream') expect(streamCallRejected).toBe(row.rejectsStreamCall === true);
    if (row.interrupted !== undefined) {
      const interrupted = error as StreamInterruptedError;
      expect(interrupted.partialText).toBe(row.interrupted.partialText);
      expect(row.interrupted.cause.isInstance(interrupted.cause)).toBe(true);
    }
    expect(llmError.message).not.toContain(testApiKey);
    expect(llmError.responseBody ?? '').not.toContain(testApiKey);
    expect(JSON.stringify(llmError.toJSON())).not.toContain(testApiKey);
  });

  it('rejects generate() with the abort reason while the answer is awaited', async () => {
    harness.server.enqueue(openai.text('late', { fault: fault.slowFirstByte(60_000) }));
    const controller = new AbortController();
    const reason = new Error('request no longer needed');
    const pending = harness
      .provider(options)('gpt-4o-mini')
      .generate({ ...hello, abortSignal: controller.signal });
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects with the abort reason when a stall is aborted before content', async () => {
    harness.server.enqueue(openai.text('late', { fault: fault.stall(60_000, { afterChunks: 1 }) }));
    const controller = new AbortController();
    const reason = new Error('gave up waiting');
    const pending = harness
      .provider(options)('gpt-4o-mini')
      .stream({ ...hello, abortSignal: controller.signal });
    // The request reaches the server, whose answer then stalls; abort only then.
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects with the abort reason when a stall is aborted after content', async () => {
    harness.server.enqueue(
      openai.text('Partial answer goes on', {
        ...partial,
        fault: fault.stall(60_000, { afterChunks: 2, comments: true, commentEveryMs: 20 }),
      }),
    );
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const stream = await harness
      .provider(options)('gpt-4o-mini')
      .stream({ ...hello, abortSignal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    let next = await iterator.next();
    while (next.done !== true && next.value.type !== 'text-delta') next = await iterator.next();
    const pending = iterator.next();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(stream.final()).rejects.toBe(reason);
  });
});

/** Resolves once the fake server has recorded a request (polling the event loop, not the clock). */
async function waitForRequest(): Promise<void> {
  while (harness.server.requests.length === 0)
    await new Promise((resolve) => setImmediate(resolve));
}
