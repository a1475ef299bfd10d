import { RateLimitError, type LlmErrorOptions } from '@org/llm-core';

/** Which of a gateway key's limits a request hit. */
export type KeyLimit = 'requests' | 'tokens' | 'budget';

/**
 * A gateway key hit one of its own limits (requests or tokens per minute, or
 * its USD budget): the gateway refused the request without calling any
 * provider. A budget is `quota-exhausted` (waiting does not help until the
 * period ends); the per-minute limits are `throttled`, with `retryAfterMs`.
 */
export class KeyLimitError extends RateLimitError {
  static override readonly errorName: string = 'KeyLimitError';
  /** The limit that was hit. */
  readonly limit: KeyLimit;

  constructor(message: string, limit: KeyLimit, options: LlmErrorOptions = {}) {
    super(message, { ...options, kind: limit === 'budget' ? 'quota-exhausted' : 'throttled' });
    this.limit = limit;
  }
}
