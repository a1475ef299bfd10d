// The faults every OpenAI adapter must map the same way, one row each: the
// fake server's script, and the error class, isRetryable, retryAfterMs and
// status the adapter must reject with. Shared by the fault tests of
// @org/llm-openai-http and @org/llm-openai and by their equivalence test.
import {
  AuthenticationError,
  type LlmError,
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
} from '@org/llm-core';
import { fault, findSecretLeaks, openai, type FakeScript } from '@org/llm-testkit';
import { expect } from 'vitest';

/** The API key the fault table's 401 echoes back, as OpenAI does; adapters must scrub it. */
export const faultTestApiKey = 'sk-test-wire-0123456789abcdef';

/** An Azure-style key (32 hex digits, no `sk-` prefix): only the adapter's own knowledge of it can scrub it. */
export const hexTestApiKey = '9f3c71d2a4be58e06c1f7a93d5b2e840';

/**
 * The keys the fault suites send: a fixed `sk-` key, a fixed key without a
 * prefix, and one an `apiKey` function returns per request.
 */
export const faultTestKeys: readonly {
  readonly name: string;
  readonly apiKey: string | (() => Promise<string>);
  readonly secret: string;
}[] = [
  { name: 'an sk- key', apiKey: faultTestApiKey, secret: faultTestApiKey },
  { name: 'a 32-hex key', apiKey: hexTestApiKey, secret: hexTestApiKey },
  {
    name: 'a key from an apiKey function',
    apiKey: () => Promise.resolve('e7b04a1c9d3f62581ae0c4b7d9f3a612'),
    secret: 'e7b04a1c9d3f62581ae0c4b7d9f3a612',
  },
];

/** The script, with the server echoing the request's key back in headers, bodies and messages. */
export function echoingKey(script: FakeScript): FakeScript {
  return { ...script, faults: [...script.faults, fault.echoKey()] };
}

/**
 * Asserts that `secret` (whole, or any 8 characters of it) is reachable from
 * nothing `error` exposes: see `findSecretLeaks`.
 */
export function expectNoKeyIn(error: unknown, secret: string): void {
  expect(findSecretLeaks(error, [secret])).toEqual([]);
}

/** An error envelope nested `depth` levels deep: valid JSON that JSON.parse accepts. */
export function deepErrorBody(depth: number, type = 'server_error'): string {
  return `{"error":{"message":"deeply nested","type":"${type}","details":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
}

const proxyPage =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{font:14px sans-serif}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.27.0</center></body></html>';
const portalPage =
  '<html><head><title>Sign in to Hotel Wi-Fi</title></head><body><form><input name="room"></form></body></html>';

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };

/** An error class with the brand check every LlmError has. */
export interface ErrorClass {
  readonly errorName: string;
  isInstance(value: unknown): boolean;
}

/** How the call is made: `generate`, or `stream` read to the end. */
export type Call = 'generate' | 'stream';

/** One fault and the error it must give. */
export interface FaultCase {
  /** Names the row. */
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
  /** What the message must match. */
  readonly message?: RegExp | undefined;
}

const both: readonly Call[] = ['generate', 'stream'];
const streamOnly: readonly Call[] = ['stream'];
const partial = { chunks: ['Partial', ' answer', ' goes on'] };

/** Every fault of the table. */
export const faultCases: readonly FaultCase[] = [
  {
    name: '401 invalid key',
    script: () =>
      openai.error(401, {
        message: `Incorrect API key provided: ${faultTestApiKey}. You can find your API key at https://platform.openai.com/account/api-keys.`,
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
  {
    name: '401 plain text from an auth proxy',
    script: () =>
      openai.raw({
        status: 401,
        headers: { 'content-type': 'text/plain' },
        body: 'Unauthorized: invalid credentials',
      }),
    calls: both,
    error: AuthenticationError,
    isRetryable: false,
    status: 401,
    rejectsStreamCall: true,
    message: /returned HTTP 401 \(model 'gpt-4o-mini'\): Unauthorized: invalid credentials/,
  },
  {
    name: '502 HTML page from a proxy',
    script: () =>
      openai.raw({ status: 502, headers: { 'content-type': 'text/html' }, body: proxyPage }),
    calls: both,
    error: ServerError,
    isRetryable: true,
    status: 502,
    rejectsStreamCall: true,
    message:
      /^openai returned HTTP 502 \(model 'gpt-4o-mini'\): an HTML page titled "502 Bad Gateway[^<]*$/,
  },
  {
    name: '200 body that is not JSON',
    script: () => openai.raw({ body: '{"id": "chatcmpl-cut", "choices": [' }),
    calls: both,
    error: ResponseValidationError,
    isRetryable: false,
    status: 200,
    rejectsStreamCall: true,
    message: /with a body that is not JSON \(content type 'application\/json'\)/,
  },
  {
    name: '200 HTML page from a captive portal',
    script: () => openai.raw({ headers: { 'content-type': 'text/html' }, body: portalPage }),
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
      openai.raw({ headers: { 'content-type': 'text/plain' }, body: 'service unavailable' }),
    calls: streamOnly,
    error: ResponseValidationError,
    isRetryable: false,
    status: 200,
    rejectsStreamCall: true,
    message: /with content type 'text\/plain' instead of text\/event-stream: service unavailable/,
  },
  ...[302, 304].map((status): FaultCase => ({
    name: `${status} without a location`,
    script: () => openai.raw({ status, body: status === 304 ? '' : 'Found' }),
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
      openai.raw({ status, body: JSON.stringify({ error: { message: 'odd status' } }) }),
    calls: both,
    error: ServerError,
    isRetryable: true,
    status,
    rejectsStreamCall: true,
    message: new RegExp(`returned HTTP ${status} \\(model 'gpt-4o-mini'\\): odd status`),
  })),
  {
    name: '429 whose error body is nested 100,000 levels deep',
    script: () => openai.raw({ status: 429, body: deepErrorBody(100_000, 'requests') }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    status: 429,
    rejectsStreamCall: true,
    message: /: deeply nested\. Rate limited/,
  },
  {
    name: 'error event nested 100,000 levels deep',
    script: () => openai.raw({ chunks: [`data: ${deepErrorBody(100_000)}\n\n`] }),
    calls: streamOnly,
    error: ServerError,
    isRetryable: true,
    rejectsStreamCall: true,
  },
  {
    name: '429 whose only reset header is of a limit with room left',
    script: () =>
      openai.rateLimited({
        remainingRequests: 42,
        resetRequests: '40ms',
        resetTokens: '0s',
        remainingTokens: 150_000,
      }),
    calls: both,
    error: RateLimitError,
    isRetryable: true,
    retryAfterMs: undefined,
    status: 429,
    rejectsStreamCall: true,
  },
];

/** Makes the call and returns how it failed (`error` undefined: it did not). */
export async function failureOf(
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

/**
 * Asserts that a call failed as `row` says: the error class, isRetryable,
 * retryAfterMs, status, provider and model, the message, whether `stream()`
 * itself rejected, what an interrupted stream carried, and that the API key
 * (`secret`) is reachable from nothing the error exposes.
 */
export function expectFault(
  row: FaultCase & { readonly call: Call },
  { error, streamCallRejected }: { readonly error: unknown; readonly streamCallRejected: boolean },
  secret: string = faultTestApiKey,
): void {
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
  if (row.message !== undefined) expect(llmError.message).toMatch(row.message);
  expectNoKeyIn(error, secret);
}
