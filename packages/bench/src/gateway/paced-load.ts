import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** Options of {@link pacedLoad}. */
export interface PacedLoadOptions {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Request path. */
  readonly path: string;
  /** Request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body. */
  readonly body: string;
  /** Requests per second, sent evenly (one every 1000 / rate ms). */
  readonly rate: number;
  /** How long to send, in milliseconds. */
  readonly durationMs: number;
  /** Connections kept open to the target. */
  readonly connections: number;
}

/** What one paced run measured. */
export interface PacedLoadResult {
  /** Latency of every successful request, ms, from its scheduled send time to the last byte of its answer. */
  readonly latenciesMs: Float64Array;
  /** Requests that failed or answered other than 200. */
  readonly errors: number;
  /** Requests sent per second of wall time. */
  readonly achievedRate: number;
}

/**
 * An open-loop load at a fixed rate: request `i` is due at `start + i /
 * rate`, sent then whatever the earlier ones are doing, and its latency runs
 * from when it was due (so a stall of the target counts against it, rather
 * than delaying the next requests: no coordinated omission). Latencies are
 * kept one by one (`performance.now()`, sub-millisecond), not in 1 ms buckets.
 */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const interval = 1000 / options.rate;
  const total = Math.round((options.durationMs / 1000) * options.rate);
  const latencies = new Float64Array(total);
  let done = 0;
  let ok = 0;
  let errors = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settle = (): void => {
    if (++done === total) finish();
  };
  const send = (due: number): void => {
    pool
      .request({ path: options.path, method: 'POST', headers: options.headers, body: options.body })
      .then(async (response) => {
        await response.body.text();
        if (response.statusCode === 200) latencies[ok++] = performance.now() - due;
        else errors++;
      })
      .catch(() => {
        errors++;
      })
      .finally(settle);
  };
  const start = performance.now() + 5;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        send(start + sent * interval);
        sent++;
      }
      if (sent >= total) {
        resolve();
        return;
      }
      const wait = start + sent * interval - performance.now();
      if (wait >= 1) setTimeout(tick, Math.floor(wait));
      else setImmediate(tick);
    };
    tick();
  });
  const sendingMs = performance.now() - start;
  await finished;
  await pool.close();
  return {
    latenciesMs: latencies.subarray(0, ok),
    errors,
    achievedRate: (total / sendingMs) * 1000,
  };
}

/** The value at quantile `q` (0 to 1) of `values` (sorted in place). */
export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort();
  const index = Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
  return values[index]!;
}
