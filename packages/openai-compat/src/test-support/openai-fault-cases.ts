// The faults every OpenAI adapter must map the same way, one row each: the
// fake server's script, and the error class, isRetryable, retryAfterMs and
// status the adapter must reject with. Shared by the fault tests of
// @org/llm-openai-http and @org/llm-openai and by their equivalence test.
import {
  AuthenticationError,
  type LlmError,
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
import { expect } from 'vitest';

/** The API key the fault table's 401 echoes back, as OpenAI does; adapters must scrub it. */
export const faultTestApiKey = 'sk-test-wire-0123456789abcdef';

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
 * retryAfterMs, status, provider and model, whether `stream()` itself
 * rejected, what an interrupted stream carried, and that the API key appears
 * nowhere in the error.
 */
export function expectFault(
  row: FaultCase & { readonly call: Call },
  { error, streamCallRejected }: { readonly error: unknown; readonly streamCallRejected: boolean },
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
  expect(llmError.message).not.toContain(faultTestApiKey);
  expect(llmError.responseBody ?? '').not.toContain(faultTestApiKey);
  expect(JSON.stringify(llmError.toJSON())).not.toContain(faultTestApiKey);
}
