/**
 * The last `size` latencies in a ring buffer, and a percentile over them.
 * The sorted copy is rebuilt at most once per `size / 10` new samples, so
 * reading the percentile on every call stays cheap.
 */
export class LatencyWindow {
  readonly #samples: Float64Array;
  #count = 0;
  #next = 0;
  #sinceSort = Number.POSITIVE_INFINITY;
  #sorted: Float64Array = new Float64Array(0);
  readonly #resortEvery: number;

  constructor(size: number) {
    this.#samples = new Float64Array(size);
    this.#resortEvery = Math.max(1, Math.floor(size / 10));
  }

  /** Samples held (at most the window size). */
  get count(): number {
    return this.#count;
  }

  /** Records one latency, in milliseconds. */
  add(ms: number): void {
    this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#samples.length;
    this.#count = Math.min(this.#count + 1, this.#samples.length);
    this.#sinceSort++;
  }

  /** The `p` percentile (0 to 1) of the samples, nearest-rank; `undefined` without samples. */
  percentile(p: number): number | undefined {
    if (this.#count === 0) return undefined;
    if (this.#sinceSort >= this.#resortEvery || this.#sorted.length === 0) {
      this.#sorted = this.#samples.slice(0, this.#count).sort();
      this.#sinceSort = 0;
    }
    const rank = Math.min(this.#sorted.length, Math.max(1, Math.ceil(p * this.#sorted.length)));
    return this.#sorted[rank - 1];
  }
}
