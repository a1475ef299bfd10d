import {
  AllAttemptsFailedError,
  CircuitOpenError,
  ContextLengthExceededError,
  LlmError,
  RateLimitError,
  ResponseValidationError,
  StreamInterruptedError,
  TimeoutError,
  UnsupportedFeatureError,
} from '@org/llm-core';

/**
 * Whether a fallback moves on to the next model after `error` (the default
 * `when`). It does for failures another model may not share:
 *
 * - retryable errors that the retry layer could not fix (server, overload,
 *   connection, throttling), and Retry-After waits too long to sleep on;
 * - `CircuitOpenError` (the model is failing; do not wait for it);
 * - any `RateLimitError`, an exhausted quota included (another provider has
 *   its own), and client-side limiter refusals;
 * - any `TimeoutError`, the total deadline included;
 * - `ContextLengthExceededError` (the next model may have a larger window),
 *   `UnsupportedFeatureError` and `ResponseValidationError` (a garbled answer);
 * - an `AllAttemptsFailedError` (from hedging) when one of its errors qualifies.
 *
 * It does not for the caller's abort, bugs (non-`LlmError`s), invalid
 * requests, content-filter blocks, authentication, permission and not-found
 * errors (configuration mistakes that should fail loudly; opt in with
 * `when`), nor a stream that already delivered content.
 */
export function shouldFallBack(error: unknown): boolean {
  if (!LlmError.isInstance(error)) return false;
  if (AllAttemptsFailedError.isInstance(error)) {
    return error.attempts.some((attempt) => shouldFallBack(attempt.error));
  }
  if (StreamInterruptedError.isInstance(error)) return false;
  return (
    error.isRetryable ||
    CircuitOpenError.isInstance(error) ||
    RateLimitError.isInstance(error) ||
    TimeoutError.isInstance(error) ||
    ContextLengthExceededError.isInstance(error) ||
    UnsupportedFeatureError.isInstance(error) ||
    ResponseValidationError.isInstance(error)
  );
}
