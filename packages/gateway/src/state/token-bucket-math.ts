/** A bucket's level and when it was last brought up to date. */
export interface BucketState {
  /** Units in the bucket (may be negative: a debt). */
  readonly level: number;
  /** When `level` was computed, in ms since the epoch. */
  readonly at: number;
}

/** The level of a bucket of `capacity` per minute at `nowMs`, refilled since `state.at`. */
export function refill(state: BucketState | undefined, capacity: number, nowMs: number): number {
  if (state === undefined) return capacity;
  const elapsed = Math.max(0, nowMs - state.at);
  return Math.min(capacity, state.level + (elapsed * capacity) / 60_000);
}

/** How long until a bucket at `level` holds `need`, in whole milliseconds. */
export function waitFor(level: number, need: number, capacity: number): number {
  return Math.max(1, Math.ceil(((need - level) * 60_000) / capacity));
}
