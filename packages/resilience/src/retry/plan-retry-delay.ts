import type { LlmError } from '@org/llm-core';

/** The backoff settings {@link planRetryDelay} reads. */
export interface RetryDelaySettings {
  /** Base of the exponential backoff for the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Ceiling of the exponential backoff, in milliseconds. */
  readonly maxDelayMs: number;
  /** Growth factor per retry. */
  readonly backoffFactor: number;
  /** Returns a number in [0, 1); `Math.random` unless a test injects its own. */
  readonly random: () => number;
}

/** Smallest and largest jitter added on top of a provider's Retry-After, in milliseconds. */
const retryAfterJitterFloorMs = 50;
const retryAfterJitterCeilingMs = 1000;

/**
 * How long to wait before the retry that follows failed attempt
 * `failedAttempt` (1 for the first attempt), in whole milliseconds.
 *
 * - When the failed attempt's error carries `retryAfterMs` (the provider's
 *   Retry-After, from *this* response, never an older one), wait that long
 *   plus a small jitter: `retryAfterMs + random() × clamp(10% of
 *   retryAfterMs, 50 ms, 1 s)`. Never earlier than the provider asked.
 * - Otherwise exponential backoff with "equal jitter":
 *   `cap = min(maxDelayMs, initialDelayMs × backoffFactor^(failedAttempt − 1))`,
 *   then `cap / 2 + random() × cap / 2`, so clients spread out yet never
 *   retry at once.
 */
export function planRetryDelay(
  failedAttempt: number,
  error: Pick<LlmError, 'retryAfterMs'>,
  settings: RetryDelaySettings,
): number {
  const retryAfterMs = error.retryAfterMs;
  if (retryAfterMs !== undefined) {
    const span = Math.min(
      retryAfterJitterCeilingMs,
      Math.max(retryAfterJitterFloorMs, retryAfterMs * 0.1),
    );
    return Math.round(retryAfterMs + settings.random() * span);
  }
  const cap = Math.min(
    settings.maxDelayMs,
    settings.initialDelayMs * settings.backoffFactor ** (failedAttempt - 1),
  );
  return Math.round(cap / 2 + (settings.random() * cap) / 2);
}
