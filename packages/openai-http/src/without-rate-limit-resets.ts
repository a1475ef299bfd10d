/**
 * Headers without OpenAI's `x-ratelimit-reset-*`. OpenAI sends them on every
 * response to describe the account's quota; core's `parseRetryAfter` reads
 * them as a wait, so a 401 or a 500 would get `retryAfterMs: 0` from
 * `x-ratelimit-reset-tokens: 0s`. Only a 429 is about those limits, so every
 * other failure is classified without them (`retry-after` still counts).
 * TODO: drop once core reads reset headers for 429s only.
 */
export function withoutRateLimitResets(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (!name.startsWith('x-ratelimit-reset-')) out[name] = headers[name]!;
  }
  return out;
}
