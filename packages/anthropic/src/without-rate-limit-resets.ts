import { headersToRecord, type HeadersLike } from '@org/llm-core/adapter-kit';

const resetHeader = /^anthropic-ratelimit-.*-reset$/;

/**
 * Headers to classify a failure with: for anything but a 429, without
 * Anthropic's `anthropic-ratelimit-*-reset` headers. Anthropic sends them on
 * every response to describe the account's limits, and core's
 * `parseRetryAfter` reads a reset of a limit that is not exhausted as a wait,
 * so a 500 or a 529 would get a `retryAfterMs` from them. Only a 429 is about
 * those limits; `retry-after` always counts.
 * TODO: drop once core reads reset headers for 429s only.
 */
export function withoutRateLimitResets(
  headers: HeadersLike | undefined,
  status: number,
): Record<string, string> {
  const record = headersToRecord(headers);
  if (status === 429) return record;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!resetHeader.test(name)) out[name] = value;
  }
  return out;
}
