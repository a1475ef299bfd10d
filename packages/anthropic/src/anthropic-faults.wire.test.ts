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
  TimeoutError,
  type ChatModel,
  type ChatRequest,
  type LlmError,
} from '@org/llm-core';
import {
  anthropic,
  fault,
  findSecretLeaks,
  type FakeContentEncoding,
  type FakeScript,
} from '@org/llm-testkit';
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
  /** What the message must match. */
  readonly message?: RegExp | undefined;
}

/**
 * The keys every row runs with, which the server echoes back in headers,
 * bodies and messages: the `sk-ant-` key, a key without a prefix, and one
 * an `apiKey` function returns per request.
 */
const keys: readonly {
  readonly name: string;
  readonly apiKey: string | (() => Promise<string>);
  readonly secret: string;
}[] = [
  { name: 'an sk-ant- key', apiKey: testApiKey, secret: testApiKey },
  {
    name: 'a key without a prefix',
    apiKey: '5c0e9a7d31b84f26a9e3d07c15b6f842',
    secret: '5c0e9a7d31b84f26a9e3d07c15b6f842',
  },
  {
    name: 'a key from an apiKey function',
    apiKey: () => Promise.resolve('b81f4c2e9a06d3757e1c0a9b4d2f6e13'),
    secret: 'b81f4c2e9a06d3757e1c0a9b4d2f6e13',
  },
];

/** The script, with the server echoing the request's key back wherever it can. */
const echoingKey = (script: FakeScript): FakeScript => ({
  ...script,
  faults: [...script.faults, fault.echoKey()],
});

/** Nothing `error` exposes (cause chain, getters, printed forms) holds `secret` or 8 characters of it. */
function expectNoKeyIn(error: unknown, secret: string): void {
  expect(findSecretLeaks(error, [secret])).toEqual([]);
}

/** An error envelope nested `depth` levels deep: valid JSON that JSON.parse accepts. */
const deepErrorBody = (depth: number, type: string): string =>
  `{"type":"error","error":{"type":"${type}","message":"deeply nested","details":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

const proxyPage =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>';
const portalPage =
  '<html><head><title>Sign in to Hotel Wi-Fi</title></head><body><form><input name="room"></form></body></html>';

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
  {
    name: '401 plain text from an auth proxy',
    script: () =>
      anthropic.raw({
        status: 401,
        headers: { 'content-type': 'text/plain' },
        body: 'Unauthorized: invalid credentials',
      }),
    calls: both,
    error: AuthenticationError,
    isRetryable: false,
    status: 401,
    rejectsStreamCall: true,
    message: /returned HTTP 401 \(model 'claude-haiku-4-5'\): Unauthorized: invalid credentials/,
  },
  {
    name: '502 HTML page from a proxy',
    script: () =>
      anthropic.raw({ status: 502, headers: { 'content-type': 'text/html' }, body: proxyPage }),
    calls: both,
    error: ServerError,
    isRetryable: true,
    status: 502,
    rejectsStreamCall: true,
    message:
      /^anthropic returned HTTP 502 \(model 'claude-haiku-4-5'\): an HTML page titled "502 Bad Gateway[^<]*$/,
  },
  {
    name: '200 body that is not JSON',
    script: () => anthropic.raw({ body: '{"id": "msg_cut", "content": [' }),
    calls: ['generate'],
    error: ResponseValidationError,
    isRetryable: false,
    status: 200,
    message: /with a body that is not JSON \(content type 'application\/json'\)/,
  },
  {
    name: '200 HTML page from a captive portal',
    script: () => anthropic.raw({ headers: { 'content-type': 'text/html' }, body: portalPage }),
    calls: both,
    error: ResponseValidationError,
    isRetryable: false,
    status: 200,
    rejectsStreamCall: true,
    message: /content type 'text\/html'.*an HTML page titled "Sign in to Hotel Wi-Fi/,
  },
  {
    name: '200 plain text to a stream request',
    script: () =>
      anthropic.raw({ headers: { 'content-type': 'text/plain' }, body: 'service unavailable' }),
    calls: streamOnly,
    error: ResponseValidationError,
    isRetryable: false,
    status: 200,
    rejectsStreamCall: true,
    message: /with content type 'text\/plain' instead of text\/event-stream: service unavailable/,
  },
  ...[302, 304].map((status): FaultCase => ({
    name: `${status} without a location`,
    script: () => anthropic.raw({ status, body: status === 304 ? '' : 'Found' }),
    calls: both,
    error: InvalidRequestError,
    isRetryable: false,
    status,
    rejectsStreamCall: true,
    message: /A redirect that was not followed/,
  })),
  ...[600, 999].map((status): FaultCase => ({
    name: `HTTP ${status}`,
    script: () =>
      anthropic.raw({
        status,
        body: JSON.stringify({
          type: 'error',
          error: { type: 'api_error', message: 'odd status' },
        }),
      }),
    calls: both,
    error: ServerError,
    isRetryable: true,
    status,
    rejectsStreamCall: true,
    message: new RegExp(`returned HTTP ${status} \\(model 'claude-haiku-4-5'\\): odd status`),
  })),
  {
    name: '429 whose error body is nested 100,000 levels deep',
    script: () => anthropic.raw({ status: 429, body: deepErrorBody(100_000, 'rate_limit_error') }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    status: 429,
    rejectsStreamCall: true,
    message: /: deeply nested\. Rate limited/,
  },
  {
    name: 'error event nested 100,000 levels deep',
    script: () =>
      anthropic.raw({ chunks: [`event: error\ndata: ${deepErrorBody(100_000, 'api_error')}\n\n`] }),
    calls: streamOnly,
    error: ServerError,
    isRetryable: true,
    status: null,
    rejectsStreamCall: true,
  },
  {
    name: '429 whose only reset headers are of limits with room left',
    script: () =>
      anthropic.rateLimited({
        requestsRemaining: 42,
        requestsReset: new Date(Date.now() + 40).toISOString(),
        tokensReset: new Date(Date.now()).toISOString(),
      }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: undefined,
    status: 429,
    rejectsStreamCall: true,
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

describe.each(keys)('faults with $name echoed back', ({ apiKey, secret }) => {
  const rows = cases.flatMap((row) =>
    row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
  );

  it.each(rows)('$label', async (row) => {
    harness.server.enqueue(echoingKey(row.script()));
    const { error, streamCallRejected } = await failureOf(
      harness.provider({ apiKey })(modelId),
      row.call,
    );
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
    // No vendor type is thrown.
    expect((error as Error).constructor.name).not.toMatch(/^API/);
    if (row.message !== undefined) expect(llmError.message).toMatch(row.message);
    expectNoKeyIn(error, secret);
  });
});

describe('faults', () => {
  it('keeps a redacted copy of the SDK error as the cause of an HTTP error, never the SDK error', async () => {
    harness.server.enqueue(echoingKey(anthropic.error(500, { message: 'Internal server error' })));
    const error = (await harness
      .provider()(modelId)
      .generate(hello)
      .catch((caught: unknown) => caught)) as Error;
    expect(ServerError.isInstance(error)).toBe(true);
    const cause = error.cause as Error & { status?: number };
    expect(cause.name).toBe('InternalServerError');
    expect(cause.status).toBe(500);
    expect(cause.constructor).toBe(Error);
    expect(Object.keys(cause)).toEqual(['status']);
    expect(error.message).toContain('Internal server error');
    expectNoKeyIn(error, testApiKey);
  });

  it.each([
    ['400', () => anthropic.error(400, { message: 'bad', fault: fault.stall(60_000) })],
    ['429', () => anthropic.rateLimited({ fault: fault.stall(60_000) })],
    ['500', () => anthropic.error(500, { message: 'late', fault: fault.stall(60_000) })],
    ['529', () => anthropic.overloaded({ fault: fault.stall(60_000) })],
    ['302', () => anthropic.raw({ status: 302, body: 'Found', fault: fault.stall(60_000) })],
  ])(
    'times out an error answer (%s) whose body stalls after the status and headers',
    async (_status, script) => {
      const timed = harness.provider({ timeoutMs: 150 })(modelId);
      for (const call of ['generate', 'stream'] as const) {
        harness.server.enqueue(echoingKey(script()));
        const { error } = await failureOf(timed, call);
        if (!TimeoutError.isInstance(error))
          throw new Error(`expected a TimeoutError from ${call}, got ${String(error)}`);
        expect(error.timeoutMs).toBe(150);
        expectNoKeyIn(error, testApiKey);
      }
    },
  );

  it.each<FakeContentEncoding>(['gzip', 'deflate', 'br', 'zstd'])(
    'reads a %s answer, a JSON body and a stream as it arrives',
    async (contentEncoding) => {
      harness.server.enqueue(
        anthropic.text(partialText, { contentEncoding }),
        anthropic.text(partialText, {
          ...partial,
          contentEncoding,
          fault: fault.stall(60_000, { afterChunks: 5 }),
        }),
      );
      const model = harness.provider()(modelId);
      expect((await model.generate(hello)).text).toBe(partialText);
      const deltas: string[] = [];
      for await (const part of await model.stream(hello)) {
        if (part.type === 'text-delta') deltas.push(part.delta);
        if (deltas.length === 2) break;
      }
      expect(deltas).toEqual(['Partial', ' answer']);
    },
  );

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
