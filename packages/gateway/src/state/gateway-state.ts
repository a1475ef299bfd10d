/** A key's per-minute limits, as the rate limit store applies them. */
export interface RateLimits {
  /** Requests per minute; unlimited when absent. */
  readonly rpm?: number | undefined;
  /** Tokens per minute; unlimited when absent. */
  readonly tpm?: number | undefined;
}

/** What one request takes from its key's buckets. */
export interface RateCost {
  /** Requests (1 per request). */
  readonly requests: number;
  /** Estimated tokens, charged up front and corrected with {@link RateLimitStore.adjustTokens}. */
  readonly tokens: number;
}

/** The store's answer to {@link RateLimitStore.take}. */
export type RateDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The limit that refused the request. */
      readonly limit: 'requests' | 'tokens';
      /** How long until the bucket holds enough again, in milliseconds. */
      readonly retryAfterMs: number;
    };

/**
 * Per-key RPM/TPM token buckets shared by every gateway instance. A bucket
 * holds up to a minute's allowance and refills continuously (a 60 RPM key
 * gets one request back every second), so the limit holds over any
 * one-minute window without the double burst of fixed windows.
 */
export interface RateLimitStore {
  /**
   * Takes `cost` from the key's buckets if every limited bucket holds enough,
   * atomically: either everything is taken or nothing is. `nowMs` is the
   * gateway's clock.
   */
  take(key: string, cost: RateCost, limits: RateLimits, nowMs: number): Promise<RateDecision>;
  /**
   * Corrects the token bucket once the real usage is known: `tokens` more are
   * taken (or given back when negative). The bucket may go below zero (a
   * debt the next requests wait for), down to minus one minute's allowance.
   */
  adjustTokens(key: string, tokens: number, limits: RateLimits, nowMs: number): Promise<void>;
}

/**
 * USD spent per key and budget period, shared by every gateway instance.
 * Requests already running when a key reaches its budget still complete, so
 * a key can overspend by what its concurrent requests cost.
 */
export interface BudgetStore {
  /** US dollars spent by `key` in `period` (`2026-11`, `2026-11-26`, `total`). */
  spent(key: string, period: string): Promise<number>;
  /** Adds `usd` atomically; the entry expires `ttlMs` after the period ends (never when undefined). */
  add(key: string, period: string, usd: number, ttlMs: number | undefined): Promise<number>;
}

/**
 * Which circuits are open across the fleet. An instance whose breaker opens
 * records it here; every instance reads it at each probe interval and holds
 * the same circuits open until they reopen (see `SharedCircuitBreakers`).
 */
export interface CircuitStateStore {
  /** Marks `key` open until `untilMs` (a later time already stored is kept). */
  open(key: string, untilMs: number): Promise<void>;
  /** Clears `key` if it still holds `untilMs`; an opening recorded since by another instance stays. */
  close(key: string, untilMs: number): Promise<void>;
  /** The circuits open at `nowMs`, with the time each reopens; forgets the expired ones. */
  openCircuits(nowMs: number): Promise<ReadonlyMap<string, number>>;
}

/**
 * Everything gateway instances share: in this process
 * (`createInMemoryGatewayState`, one instance) or in Redis
 * (`createRedisGatewayState`, many instances).
 */
export interface GatewayState {
  /** Per-key RPM/TPM buckets. */
  readonly rateLimits: RateLimitStore;
  /** Per-key USD spent. */
  readonly budgets: BudgetStore;
  /** Circuits open across instances. */
  readonly circuits: CircuitStateStore;
  /** Resolves when the state can be reached (readiness); rejects otherwise. */
  ping(): Promise<void>;
}
