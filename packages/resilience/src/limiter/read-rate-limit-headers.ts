import { getHeader, parseDuration, type HeadersLike } from '@org/llm-core/adapter-kit';

/** What a provider's rate-limit headers say about one limit. */
export interface RateLimitState {
  /** Requests or tokens left in the current window, for the whole account. */
  readonly remaining: number;
  /** Milliseconds until the limit resets, when the provider said. */
  readonly resetMs: number | undefined;
}

const families = {
  requests: [
    ['x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'],
    ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-reset'],
  ],
  tokens: [
    ['x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
    ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-reset'],
    ['anthropic-ratelimit-input-tokens-remaining', 'anthropic-ratelimit-input-tokens-reset'],
  ],
} as const;

function parseReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  // OpenAI sends durations ("6m0s", "20ms"), Anthropic RFC 3339 timestamps.
  const duration = parseDuration(value);
  if (duration !== undefined) return duration;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function read(
  headers: HeadersLike,
  pairs: readonly (readonly [string, string])[],
  now: number,
): RateLimitState | undefined {
  for (const [remainingName, resetName] of pairs) {
    const remaining = Number(getHeader(headers, remainingName) ?? Number.NaN);
    if (Number.isFinite(remaining)) {
      return { remaining, resetMs: parseReset(getHeader(headers, resetName), now) };
    }
  }
  return undefined;
}

/**
 * Reads OpenAI (`x-ratelimit-*`) and Anthropic (`anthropic-ratelimit-*`)
 * rate-limit headers of a response: what remains of the request and token
 * limits, and when they reset.
 *
 * @param now Current time in ms since the epoch, for Anthropic's timestamps.
 */
export function readRateLimitHeaders(
  headers: HeadersLike | undefined,
  now: number = Date.now(),
): { readonly requests: RateLimitState | undefined; readonly tokens: RateLimitState | undefined } {
  if (headers === undefined) return { requests: undefined, tokens: undefined };
  return {
    requests: read(headers, families.requests, now),
    tokens: read(headers, families.tokens, now),
  };
}
