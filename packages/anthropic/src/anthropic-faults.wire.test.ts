import {
  AuthenticationError,
  ConnectionError,
  ContextLengthExceededError,
  InvalidRequestError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  StreamInterruptedError,
  type ChatModel,
  type ChatRequest,
  type LlmError,
} from '@org/llm-core';
import { anthropic, fault, type FakeScript } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireHarness, testApiKey, type WireHarness } from './test-support/wire-harness.ts';

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
const modelId = 'claude-haiku-4-5';

/** An error class with the brand check every LlmError has. */
interface ErrorClass {
  readonly errorName: string;
  isInstance(value: unknown): boolean;
}

type Call = 'generate' | 'stream';

interface FaultCase {
  readonly name: string;
  readonly script: () => FakeScript;
  readonly calls: readonly Call[];
  readonly error: ErrorClass;
  readonly isRetryable: boolean;
  /** Exact `retryAfterMs`, or a range for waits computed from reset timestamps. */
  readonly retryAfterMs?: number | { readonly min: number; readonly max: number } | undefined;
  /** HTTP status; `null` for errors that arrived inside a 200 stream (no status). */
  readonly status?: number | null | undefined;
  /** For a StreamInterruptedError: the class of its cause and the text that arrived. */
  readonly interrupted?: { readonly cause: ErrorClass; readonly partialText: string } | undefined;
  /** For a failure before content: stream() itself must reject (so retries can act). */
  readonly rejectsStreamCall?: boolean | undefined;
}

const both: readonly Call[] = ['generate', 'stream'];
const streamOnly: readonly Call[] = ['stream'];
// Events of this answer: message_start, content_block_start, ping, 'Partial', ' answer', ' goes on', ...
const partial = { chunks: ['Partial', ' answer', ' goes on'] };
const partialText = 'Partial answer goes on';

const httpError = (
  status: number,
  error: ErrorClass,
  message: string,
  extra: Partial<FaultCase> = {},
): FaultCase => ({
  name: `${status} ${message.slice(0, 40)}`,
  script: () => anthropic.error(status, { message }),
  calls: both,
  error,
  isRetryable: false,
  status,
  rejectsStreamCall: true,
  ...extra,
});

const cases: readonly FaultCase[] = [
  httpError(
    400,
    InvalidRequestError,
    'messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks',
  ),
  httpError(400, ContextLengthExceededError, 'prompt is too long: 212345 tokens > 200000 maximum'),
  httpError(
    400,
    RateLimitError,
    'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  ),
  httpError(401, AuthenticationError, 'invalid x-api-key'),
  httpError(
    403,
    PermissionDeniedError,
    'Your API key does not have permission to use the specified resource.',
  ),
  httpError(404, NotFoundError, 'model: claude-sonet-4-5'),
  httpError(413, InvalidRequestError, 'Request exceeds the maximum allowed number of bytes.'),
  httpError(500, ServerError, 'Internal server error', { isRetryable: true }),
  httpError(529, OverloadedError, 'Overloaded', { isRetryable: true }),
  {
    name: '429 with retry-after and anthropic-ratelimit-* headers',
    script: () => anthropic.rateLimited({ retryAfterSeconds: 7 }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: 7000,
    status: 429,
    rejectsStreamCall: true,
  },
  {
    name: '429 with only the exhausted limit reset header',
    script: () =>
      anthropic.rateLimited({ requestsReset: new Date(Date.now() + 20_000).toISOString() }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: { min: 15_000, max: 21_000 },
    status: 429,
    rejectsStreamCall: true,
  },
  {
    name: 'overloaded_error as the first stream event (529 when not streaming)',
    script: () => anthropic.overloaded({ inBand: true }),
    calls: both,
    error: OverloadedError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'api_error event after content',
    script: () =>
      anthropic.streamError(
        { type: 'api_error', message: 'Internal server error' },
        { afterEvents: 5, text: partialText },
      ),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    status: null,
    interrupted: { cause: ServerError, partialText: 'Partial answer' },
  },
  {
    name: 'overloaded_error event after content',
    script: () =>
      anthropic.streamError(
        { type: 'overloaded_error', message: 'Overloaded' },
        { afterEvents: 4, text: partialText },
      ),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    status: null,
    interrupted: { cause: OverloadedError, partialText: 'Partial' },
  },
  {
    name: 'connection reset before headers',
    script: () => anthropic.text(partialText, { fault: fault.reset() }),
    calls: both,
    error: ConnectionError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'stream cut before content',
    script: () => anthropic.text(partialText, { ...partial, fault: fault.cut(1) }),
    calls: streamOnly,
    error: ConnectionError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: 'stream cut mid-answer (no message_stop)',
    script: () => anthropic.text(partialText, { ...partial, fault: fault.cut(5) }),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    interrupted: { cause: ConnectionError, partialText: 'Partial answer' },
  },
  {
    name: 'JSON body cut in half',
    script: () => anthropic.text(partialText, { fault: fault.cut(0) }),
    calls: ['generate'],
    error: ConnectionError,
    isRetryable: true,
  },
  {
    name: 'malformed event before content',
    script: () => anthropic.text(partialText, { ...partial, fault: fault.malformed(1) }),
    calls: streamOnly,
    error: ResponseValidationError,
    isRetryable: false,
    rejectsStreamCall: true,
  },
  {
    name: 'malformed event after content',
    script: () => anthropic.text(partialText, { ...partial, fault: fault.malformed(4) }),
    calls: streamOnly,
    error: StreamInterruptedError,
    isRetryable: false,
    interrupted: { cause: ResponseValidationError, partialText: 'Partial' },
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

describe('faults', () => {
  const rows = cases.flatMap((row) =>
    row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
  );

  it.each(rows)('$label', async (row) => {
    harness.server.enqueue(row.script());
    const { error, streamCallRejected } = await failureOf(harness.provider()(modelId), row.call);
    if (!row.error.isInstance(error))
      throw new Error(`expected ${row.error.errorName}, got ${String(error)}`);
    const llmError = error as LlmError;
    expect(llmError.isRetryable).toBe(row.isRetryable);
    if (typeof row.retryAfterMs === 'object') {
      expect(llmError.retryAfterMs).toBeGreaterThanOrEqual(row.retryAfterMs.min);
      expect(llmError.retryAfterMs).toBeLessThanOrEqual(row.retryAfterMs.max);
    } else {
      // Also proves that the anthropic-ratelimit-*-reset headers of every answer do not leak into a 5xx wait.
      expect(llmError.retryAfterMs).toBe(row.retryAfterMs);
    }
    expect(llmError.provider).toBe('anthropic');
    expect(llmError.modelId).toBe(modelId);
    if (row.status === null) expect(llmError.status).toBeUndefined();
    else if (row.status !== undefined) expect(llmError.status).toBe(row.status);
    if (row.status !== undefined && row.status !== null)
      expect(llmError.requestId).toMatch(/^req_/);
    if (row.call === 'stream') expect(streamCallRejected).toBe(row.rejectsStreamCall === true);
    if (row.interrupted !== undefined) {
      const interrupted = error as StreamInterruptedError;
      expect(interrupted.partialText).toBe(row.interrupted.partialText);
      expect(row.interrupted.cause.isInstance(interrupted.cause)).toBe(true);
    }
    // The SDK error is kept as the cause of classified HTTP errors; no vendor type is thrown.
    expect((error as Error).constructor.name).not.toMatch(/^API/);
    expect(llmError.message).not.toContain(testApiKey);
    expect(llmError.responseBody ?? '').not.toContain(testApiKey);
    expect(JSON.stringify(llmError.toJSON())).not.toContain(testApiKey);
  });

  it('keeps the SDK error as the cause of an HTTP error', async () => {
    harness.server.enqueue(anthropic.error(500, { message: 'Internal server error' }));
    const error = (await harness
      .provider()(modelId)
      .generate(hello)
      .catch((caught: unknown) => caught)) as Error;
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error.cause as Error).constructor.name).toBe('InternalServerError');
    expect(error.message).toContain('Internal server error');
  });

  it("shows the caller's own tool-call ids in a provider error about normalised ids", async () => {
    harness.server.handle((request) => {
      const messages = (request.body as { messages: { content: { tool_use_id?: string }[] }[] })
        .messages;
      const id = messages[2]!.content[0]!.tool_use_id!;
      return anthropic.error(400, {
        message: `unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}`,
      });
    });
    const error = (await harness
      .provider()(modelId)
      .generate({
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'fc.1:a', toolName: 't', input: {} }],
          },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'fc.1:a', toolName: 't', output: 'ok' }],
          },
        ],
      })
      .catch((caught: unknown) => caught)) as Error;
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error.message).toContain('tool_result` blocks: fc.1:a');
  });

  it('rejects stream() with the abort reason when a stall is aborted before content', async () => {
    harness.server.enqueue(
      anthropic.text(partialText, { ...partial, fault: fault.stall(60_000, { afterChunks: 1 }) }),
    );
    const controller = new AbortController();
    const reason = new Error('gave up waiting');
    const pending = harness
      .provider()(modelId)
      .stream({ ...hello, abortSignal: controller.signal });
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('ends the stream with the abort reason when a stall with pings is aborted after content', async () => {
    harness.server.enqueue(
      anthropic.text(partialText, {
        ...partial,
        fault: fault.stall(60_000, { afterChunks: 4, comments: true, commentEveryMs: 20 }),
      }),
    );
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const stream = await harness
      .provider()(modelId)
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
