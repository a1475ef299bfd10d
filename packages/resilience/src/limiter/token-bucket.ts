/**
 * A token bucket refilled continuously: `perMinute` tokens a minute, at
 * most `perMinute` held (a full minute's burst). Its level may go negative
 * when a call used more than was estimated; later calls then wait longer.
 * Time is passed in (milliseconds from `performance.now()`), so the bucket
 * itself holds no timer.
 */
export class TokenBucket {
  /** Most tokens held. */
  readonly capacity: number;
  readonly #refillPerMs: number;
  #level: number;
  #updatedAt: number;
  #blockedUntil = 0;

  constructor(perMinute: number, now: number) {
    this.capacity = perMinute;
    this.#refillPerMs = perMinute / 60_000;
    this.#level = perMinute;
    this.#updatedAt = now;
  }

  #refill(now: number): void {
    if (now > this.#updatedAt) {
      this.#level = Math.min(
        this.capacity,
        this.#level + (now - this.#updatedAt) * this.#refillPerMs,
      );
      this.#updatedAt = now;
    }
  }

  /** Tokens available now (may be negative after an underestimate). */
  level(now: number): number {
    this.#refill(now);
    return this.#level;
  }

  /** Milliseconds until `amount` tokens are available and the bucket is not paused; 0 when now. */
  waitFor(amount: number, now: number): number {
    this.#refill(now);
    const paused = Math.max(0, this.#blockedUntil - now);
    const deficit = amount - this.#level;
    return Math.max(paused, deficit <= 0 ? 0 : Math.ceil(deficit / this.#refillPerMs));
  }

  /** Removes `amount` tokens (call after `waitFor` said 0). */
  take(amount: number, now: number): void {
    this.#refill(now);
    this.#level -= amount;
  }

  /** Adds `amount` tokens back (a refund), or removes them when negative (an underestimate). */
  adjust(amount: number, now: number): void {
    this.#refill(now);
    this.#level = Math.min(this.capacity, this.#level + amount);
  }

  /**
   * What the provider says remains for the account (shared with other
   * processes): the level drops to it; with nothing left, the bucket pauses
   * until the provider's reset.
   */
  tighten(remaining: number, resetMs: number | undefined, now: number): void {
    this.#refill(now);
    this.#level = Math.min(this.#level, remaining);
    if (remaining <= 0 && resetMs !== undefined) this.pause(resetMs, now);
  }

  /** Hands out nothing for `ms` milliseconds (the provider said to wait). */
  pause(ms: number, now: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, now + ms);
  }
}
