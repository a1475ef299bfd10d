import { RateLimitError, type LlmError } from '@org/llm-core';
import { classifyHttpFailure, type FailureContext } from '@org/llm-core/adapter-kit';
import { withoutRateLimitResets } from './without-rate-limit-resets.ts';

/**
 * Classifies a failed response with core's classifier. OpenAI's
 * `x-ratelimit-reset-*` headers (sent on every response) count only for a
 * throttling 429: elsewhere they describe the quota, not the failure, and
 * would give a 401, a 500 or a quota-exhausted 429 `retryAfterMs: 0`.
 */
export function classifyOpenAIHttpFailure(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  context: FailureContext,
): LlmError {
  const error = classifyHttpFailure(status, withoutRateLimitResets(headers), body, context);
  if (status === 429 && RateLimitError.isInstance(error) && error.kind === 'throttled') {
    return classifyHttpFailure(status, headers, body, context);
  }
  return error;
}
