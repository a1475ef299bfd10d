import {
  AuthenticationError,
  ContentFilterError,
  InvalidRequestError,
  LlmError,
  PermissionDeniedError,
  RateLimitError,
  StreamInterruptedError,
} from '@org/llm-core';

/**
 * Whether the retry layer may repeat a call that failed with `error`.
 *
 * Only `LlmError.isRetryable` decides, plus rules that hold whatever a
 * provider header says (`x-should-retry: true` cannot override them): an
 * exhausted quota, an authentication or permission failure, an invalid
 * request (context length included) and a content-filter block are never
 * retried, nor is a stream that already delivered content. Anything that is
 * not an `LlmError` (an abort reason, a bug) is never retried.
 */
export function isRetryableError(error: unknown): error is LlmError {
  if (!LlmError.isInstance(error) || !error.isRetryable) return false;
  if (RateLimitError.isInstance(error)) return error.kind === 'throttled';
  return !(
    AuthenticationError.isInstance(error) ||
    PermissionDeniedError.isInstance(error) ||
    InvalidRequestError.isInstance(error) ||
    ContentFilterError.isInstance(error) ||
    StreamInterruptedError.isInstance(error)
  );
}
