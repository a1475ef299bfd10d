import { getHeader, type HeadersLike } from './headers-like.ts';

/** Rate-limit families whose reset headers we read: one `remaining` and one `reset` header each. */
const resetHeaderFamilies: readonly { readonly remaining: string; readonly reset: string }[] = [
  // OpenAI: durations such as "1s", "6m0s", "20ms".
  { remaining: 'x-ratelimit-remaining-requests', reset: 'x-ratelimit-reset-requests' },
  { remaining: 'x-ratelimit-remaining-tokens', reset: 'x-ratelimit-reset-tokens' },
  // Anthropic: RFC 3339 timestamps.
  {
    remaining: 'anthropic-ratelimit-requests-remaining',
    reset: 'anthropic-ratelimit-requests-reset',
  },
  { remaining: 'anthropic-ratelimit-tokens-remaining', reset: 'anthropic-ratelimit-tokens-reset' },
  {
    remaining: 'anthropic-ratelimit-input-tokens-remaining',
    reset: 'anthropic-ratelimit-input-tokens-reset',
  },
  {
    remaining: 'anthropic-ratelimit-output-tokens-remaining',
    reset: 'anthropic-ratelimit-output-tokens-reset',
  },
];

const durationPart = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
const unitMs: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Parses a Go-style duration as OpenAI sends it ("1s", "6m0s", "20ms",
 * "1h2m3.5s"); `undefined` when the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  const input = text.trim();
  if (input === '') return undefined;
  durationPart.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = durationPart.exec(input); match !== null; match = durationPart.exec(input)) {
    total += Number(match[1]) * (unitMs[match[2]!] ?? 0);
    consumed = durationPart.lastIndex;
  }
  return consumed === input.length ? total : undefined;
}

function nonNegative(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return Math.max(0, Math.ceil(ms));
}

/** A reset header's value: a duration, a number of seconds, or a timestamp. */
function parseReset(value: string, now: number): number | undefined {
  const duration = parseDuration(value);
  if (duration !== undefined) return nonNegative(duration);
  if (/^\d+(\.\d+)?$/.test(value.trim())) return nonNegative(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : nonNegative(at - now);
}

/** Options of {@link parseRetryAfter}. */
export interface ParseRetryAfterOptions {
  /** Current time in ms since the epoch (for HTTP dates and timestamps); default `Date.now()`. */
  readonly now?: number | undefined;
  /**
   * Also read the providers' rate-limit reset headers (default true). OpenAI
   * sends `x-ratelimit-reset-*` on every response, so they only mean "wait"
   * on a throttling 429; `classifyHttpFailure` turns them off otherwise.
   */
  readonly rateLimitResets?: boolean | undefined;
}

/**
 * How long the provider asks us to wait before retrying, in milliseconds, or
 * `undefined` when it says nothing usable. In order of precedence:
 *
 * 1. `retry-after-ms` (milliseconds, OpenAI);
 * 2. `retry-after` as seconds or as an HTTP date (past dates give 0);
 * 3. unless `rateLimitResets` is false, provider reset headers (OpenAI
 *    `x-ratelimit-reset-*` durations, Anthropic `anthropic-ratelimit-*-reset`
 *    timestamps) of the limits whose `remaining` header is 0: the latest of
 *    their resets. The reset of a limit that is not known to be exhausted
 *    (no `remaining` header, or one above 0) says when that limit refills,
 *    not when this request may succeed, so it never sets the wait: an
 *    `x-ratelimit-reset-tokens: 0s` on a 429 whose tokens are left must not
 *    turn the caller's backoff into an immediate retry.
 */
export function parseRetryAfter(
  headers: HeadersLike | undefined,
  options: ParseRetryAfterOptions = {},
): number | undefined {
  const now = options.now ?? Date.now();
  const ms = getHeader(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const parsed = nonNegative(Number(ms));
    if (parsed !== undefined) return parsed;
  }

  const retryAfter = getHeader(headers, 'retry-after')?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return nonNegative(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return nonNegative(at - now);
  }

  if (options.rateLimitResets === false) return undefined;
  let latest: number | undefined;
  for (const family of resetHeaderFamilies) {
    const remaining = getHeader(headers, family.remaining)?.trim();
    if (remaining === undefined || remaining === '' || !(Number(remaining) <= 0)) continue;
    const reset = getHeader(headers, family.reset);
    const wait = reset === undefined ? undefined : parseReset(reset, now);
    if (wait !== undefined && (latest === undefined || wait > latest)) latest = wait;
  }
  return latest;
}
