import { RateLimitError, type LlmErrorOptions } from '@org/llm-core';
import type { LimitKind } from '../events/resilience-events.ts';

/** Options of {@link LimiterRejectedError}. */
export interface LimiterRejectedErrorOptions extends LlmErrorOptions {
  /** The client-side limit that refused the call. */
  readonly limit: LimitKind;
}

/**
 * A client-side limit (concurrency, requests or tokens per minute) refused
 * the call before it was sent: the queue was full, the wait would exceed
 * `maxWaitMs`, or the limiter is set to reject. A `RateLimitError` of kind
 * `throttled`, but not retryable: the limiter already decided not to wait
 * (`retryAfterMs` says when capacity returns). A fallback moves on to the
 * next model.
 */
export class LimiterRejectedError extends RateLimitError {
  static override readonly errorName: string = 'LimiterRejectedError';
  /** The client-side limit that refused the call. */
  readonly limit: LimitKind;
  constructor(message: string, options: LimiterRejectedErrorOptions) {
    super(message, { ...options, kind: 'throttled', isRetryable: options.isRetryable ?? false });
    this.limit = options.limit;
  }
}
