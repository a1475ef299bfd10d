// Shared helpers of this package's tests.
import {
  ConnectionError,
  OverloadedError,
  RateLimitError,
  ServerError,
  type ChatRequest,
  type ChatStreamPart,
} from '@org/llm-core';
import type { MockResponse } from '@org/llm-testkit';

export const provider = 'mock';
export const modelId = 'mock-model';

/** A minimal valid request. */
export function ask(text = 'Hi', extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'user', content: text }], ...extra };
}

export const serverError = (message = 'HTTP 500'): ServerError =>
  new ServerError(message, { provider, modelId, status: 500 });
export const overloaded = (retryAfterMs?: number): OverloadedError =>
  new OverloadedError('HTTP 529', { provider, modelId, status: 529, retryAfterMs });
export const connectionReset = (): ConnectionError =>
  new ConnectionError('socket hang up', { provider, modelId });
export const throttled = (retryAfterMs?: number): RateLimitError =>
  new RateLimitError('HTTP 429', {
    provider,
    modelId,
    status: 429,
    kind: 'throttled',
    retryAfterMs,
  });
export const quotaExhausted = (): RateLimitError =>
  new RateLimitError('HTTP 429 insufficient_quota', {
    provider,
    modelId,
    status: 429,
    kind: 'quota-exhausted',
  });

/** A MockChatModel response that waits, sending nothing, until the request is aborted. */
export function stallUntilAborted(request: ChatRequest): Promise<MockResponse> {
  return new Promise((_, reject) => {
    const signal = request.abortSignal;
    if (signal === undefined) return;
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener(
      'abort',
      () => {
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** Tracks a promise's settlement without awaiting it (for stepping fake timers). */
export function track<T>(promise: Promise<T>): {
  readonly settled: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
  readonly done: Promise<void>;
} {
  const state = { settled: false, value: undefined as T | undefined, error: undefined as unknown };
  const done = promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return {
    get settled() {
      return state.settled;
    },
    get value() {
      return state.value;
    },
    get error() {
      return state.error;
    },
    done,
  };
}

/** Reads a stream's parts to the end; resolves with the parts, or rejects with its error. */
export async function collect(stream: AsyncIterable<ChatStreamPart>): Promise<ChatStreamPart[]> {
  const parts: ChatStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The text of a list of parts. */
export function textOf(parts: readonly ChatStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}
