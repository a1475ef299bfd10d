import type { LimitKind } from '../events/resilience-events.ts';
import { checkNumber } from '../internal/check-option.ts';
import { LimiterRejectedError } from './limiter-rejected-error.ts';
import type { RateLimitState } from './read-rate-limit-headers.ts';
import { TokenBucket } from './token-bucket.ts';

/** Settings of a {@link RateLimiter}. */
export interface RateLimiterSettings {
  /** Requests per minute; default: no request limit. */
  readonly requestsPerMinute?: number | undefined;
  /** Tokens (input plus output) per minute; default: no token limit. */
  readonly tokensPerMinute?: number | undefined;
  /** `wait` (default) queues a call until the buckets allow it; `reject` fails it at once. */
  readonly onLimit?: 'wait' | 'reject' | undefined;
  /** Longest wait worth queueing for, in milliseconds; a longer one is rejected at once. Default 30,000. */
  readonly maxWaitMs?: number | undefined;
}

/** What {@link RateLimiter.acquire} reports when a call must wait or is refused. */
export type LimitListener = (
  limit: LimitKind,
  action: 'waiting' | 'rejected',
  waitMs: number,
) => void;

/** Tokens taken for one call; settle it with the actual count when the call ends. */
export interface RateLease {
  /** Corrects the bucket with the tokens the call really used (`undefined`: keep the estimate). */
  settle(actualTokens: number | undefined): void;
}

interface Waiter {
  readonly tokens: number;
  readonly resolve: (lease: RateLease) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

const noLease: RateLease = { settle: () => undefined };

/**
 * Client-side requests-per-minute and tokens-per-minute limits: two
 * token buckets and a first-in-first-out queue served by one timer,
 * so a large request is not starved by a stream of small ones. Tokens are
 * estimated before a call and corrected from its usage afterwards; provider
 * rate-limit headers and 429s tighten the buckets.
 */
export class RateLimiter {
  readonly #requests: TokenBucket | undefined;
  readonly #tokens: TokenBucket | undefined;
  readonly #reject: boolean;
  readonly #maxWaitMs: number;
  readonly #queue: Waiter[] = [];
  #queuedTokens = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(settings: RateLimiterSettings) {
    checkNumber(settings.requestsPerMinute, 'rate limit requestsPerMinute', {
      min: 0,
      exclusiveMin: true,
    });
    checkNumber(settings.tokensPerMinute, 'rate limit tokensPerMinute', {
      min: 0,
      exclusiveMin: true,
    });
    checkNumber(settings.maxWaitMs, 'rate limit maxWaitMs', { min: 0 });
    const now = performance.now();
    this.#requests =
      settings.requestsPerMinute === undefined
        ? undefined
        : new TokenBucket(settings.requestsPerMinute, now);
    this.#tokens =
      settings.tokensPerMinute === undefined
        ? undefined
        : new TokenBucket(settings.tokensPerMinute, now);
    this.#reject = settings.onLimit === 'reject';
    this.#maxWaitMs = settings.maxWaitMs ?? 30_000;
  }

  /** Calls waiting in the queue. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** The binding limit and its wait for `tokens` more after everything queued, or none. */
  #wait(tokens: number, now: number): { readonly limit: LimitKind; readonly ms: number } {
    const requestWait = this.#requests?.waitFor(this.#queue.length + 1, now) ?? 0;
    const tokenWait = this.#tokens?.waitFor(this.#queuedTokens + tokens, now) ?? 0;
    return tokenWait > requestWait
      ? { limit: 'tokens-per-minute', ms: tokenWait }
      : { limit: 'requests-per-minute', ms: requestWait };
  }

  #take(tokens: number, now: number): RateLease {
    this.#requests?.take(1, now);
    const bucket = this.#tokens;
    if (bucket === undefined) return noLease;
    bucket.take(tokens, now);
    let settled = false;
    return {
      settle: (actual) => {
        if (settled) return;
        settled = true;
        if (actual !== undefined && actual !== tokens) {
          bucket.adjust(tokens - actual, performance.now());
          this.#schedule();
        }
      },
    };
  }

  /**
   * Takes one request and `tokens` tokens, waiting in line when the buckets
   * are short. Rejects with {@link LimiterRejectedError} when the limiter is
   * set to reject, the wait would exceed `maxWaitMs`, or `tokens` exceeds
   * the whole per-minute budget; with the signal's reason when it aborts.
   */
  acquire(
    tokens: number,
    signal: AbortSignal | undefined,
    listener?: LimitListener,
  ): Promise<RateLease> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const capacity = this.#tokens?.capacity;
    if (capacity !== undefined && tokens > capacity) {
      listener?.('tokens-per-minute', 'rejected', Number.POSITIVE_INFINITY);
      return Promise.reject(
        new LimiterRejectedError(
          `This request needs about ${tokens} tokens but the limit is ${capacity} tokens per minute, so it can never be sent: shorten it, lower maxOutputTokens, or raise tokensPerMinute.`,
          { limit: 'tokens-per-minute' },
        ),
      );
    }
    const now = performance.now();
    const wait = this.#wait(tokens, now);
    if (wait.ms === 0) return Promise.resolve(this.#take(tokens, now));
    if (this.#reject || wait.ms > this.#maxWaitMs) {
      listener?.(wait.limit, 'rejected', wait.ms);
      const why = this.#reject
        ? 'the limiter is set to reject instead of waiting'
        : `that is longer than maxWaitMs (${this.#maxWaitMs}ms)`;
      return Promise.reject(
        new LimiterRejectedError(
          `The client-side ${wait.limit} limit is reached: this call would wait ${wait.ms}ms and ${why}. Slow down, raise the limit, or let a fallback model take the call.`,
          { limit: wait.limit, retryAfterMs: wait.ms },
        ),
      );
    }
    listener?.(wait.limit, 'waiting', wait.ms);
    return new Promise<RateLease>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index === -1) return;
          this.#queue.splice(index, 1);
          this.#queuedTokens -= tokens;
          reject(signal?.reason as Error);
          this.#schedule();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#queuedTokens += tokens;
      this.#schedule();
    });
  }

  /** Serves the queue head while the buckets allow, then sleeps until the head can go. */
  readonly #schedule = (): void => {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) return;
      const now = performance.now();
      const waitMs = Math.max(
        this.#requests?.waitFor(1, now) ?? 0,
        this.#tokens?.waitFor(head.tokens, now) ?? 0,
      );
      if (waitMs > 0) {
        this.#timer = setTimeout(this.#schedule, waitMs);
        return;
      }
      this.#queue.shift();
      this.#queuedTokens -= head.tokens;
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve(this.#take(head.tokens, now));
    }
  };

  /** Applies what a provider's rate-limit headers say remains for the account. */
  observe(limits: {
    readonly requests: RateLimitState | undefined;
    readonly tokens: RateLimitState | undefined;
  }): void {
    const now = performance.now();
    if (limits.requests !== undefined) {
      this.#requests?.tighten(limits.requests.remaining, limits.requests.resetMs, now);
    }
    if (limits.tokens !== undefined) {
      this.#tokens?.tighten(limits.tokens.remaining, limits.tokens.resetMs, now);
    }
  }

  /** The provider throttled us (HTTP 429): hand out nothing for `ms` milliseconds. */
  pause(ms: number): void {
    const now = performance.now();
    this.#requests?.pause(ms, now);
    this.#tokens?.pause(ms, now);
    this.#schedule();
  }
}
