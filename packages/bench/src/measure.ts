import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchClient } from './bench-client.ts';
import { median } from './stats.ts';

const collect = (globalThis as { gc?: () => void }).gc;

/**
 * A full garbage collection. Each batch starts with one (outside its
 * measurement) so that no client pays for the garbage another one left.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    throw new Error('The benchmark needs --expose-gc (run it with `pnpm bench`).');
  }
  collect();
}

/**
 * A full collection, then a short idle wait: V8 finishes sweeping on helper
 * threads after gc() returns, and process.cpuUsage() counts every thread, so
 * without the wait the next batch would pay for the previous one's garbage.
 */
async function settle(): Promise<void> {
  collectGarbage();
  await sleep(15);
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** Runs `count` calls of `run`, at most `concurrency` at a time. */
async function runConcurrently(
  count: number,
  concurrency: number,
  run: () => Promise<unknown>,
): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      await run();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** CPU time and wall time of one batch of non-streamed requests. */
export interface RequestBatch {
  /** CPU microseconds (user + system) of this process per request. */
  readonly cpuPerRequestUs: number;
  /** Requests per second of wall time. */
  readonly requestsPerSecond: number;
}

/** `count` non-streamed requests at `concurrency`: CPU per request and throughput. */
export async function measureRequests(
  client: BenchClient,
  count: number,
  concurrency: number,
): Promise<RequestBatch> {
  await client.generate(); // keeps a connection warm after another client's turn
  await settle();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await runConcurrently(count, concurrency, () => client.generate());
  const wallMs = performance.now() - start;
  return {
    cpuPerRequestUs: cpuMicros(cpu) / count,
    requestsPerSecond: (count * 1000) / wallMs,
  };
}

/**
 * `count` streams read to the end, at most `concurrency` at a time: CPU
 * microseconds per streamed chunk (`chunksPerStream` data events each).
 */
export async function measureChunks(
  client: BenchClient,
  count: number,
  concurrency: number,
  chunksPerStream: number,
): Promise<number> {
  await client.stream();
  await settle();
  const cpu = process.cpuUsage();
  await runConcurrently(count, concurrency, () => client.stream());
  return cpuMicros(cpu) / (count * chunksPerStream);
}

/**
 * Milliseconds from the call to the first text part, median of `samples`
 * sequential streams (each read to its end before the next starts).
 */
export async function measureFirstPart(client: BenchClient, samples: number): Promise<number> {
  await client.stream();
  await settle();
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    let first = Number.NaN;
    const start = performance.now();
    await client.stream(() => {
      first = performance.now() - start;
    });
    times.push(first);
  }
  return median(times);
}

/** The memory one open stream holds. */
export interface HeapPerStream {
  /** Bytes of V8 heap (`heapUsed`) per open stream. */
  readonly heapBytes: number;
  /** Bytes of memory outside the V8 heap (`external`: buffers) per open stream. */
  readonly externalBytes: number;
}

interface HeldStream {
  readonly controller: AbortController;
  readonly done: Promise<unknown>;
}

/** Starts a stream and resolves once its first text part arrived, leaving it open. */
function openStream(client: BenchClient): Promise<HeldStream> {
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    let opened = false;
    const done = client
      .stream(() => {
        opened = true;
        resolve({ controller, done });
      }, controller.signal)
      .then(
        () => {
          if (!opened) reject(new Error('The stream ended before its first text part.'));
        },
        (error: unknown) => {
          if (!opened) reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
  });
}

async function closeAll(streams: readonly HeldStream[]): Promise<void> {
  for (const stream of streams) stream.controller.abort();
  await Promise.all(streams.map((stream) => stream.done));
}

/**
 * Opens `count` streams (`wave` at a time) on a route that sends the head of
 * the answer and then holds the connection open; once all of them received
 * their first text part, collects garbage and compares the heap with the
 * heap before. Closes them all before returning.
 */
export async function measureHeapPerStream(
  client: BenchClient,
  count: number,
  wave = 100,
): Promise<HeapPerStream> {
  await closeAll([await openStream(client)]);
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage();
  const streams: HeldStream[] = [];
  try {
    while (streams.length < count) {
      const size = Math.min(wave, count - streams.length);
      const opened = await Promise.allSettled(
        Array.from({ length: size }, () => openStream(client)),
      );
      for (const result of opened) if (result.status === 'fulfilled') streams.push(result.value);
      const failed = opened.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
    collectGarbage();
    collectGarbage();
    const after = process.memoryUsage();
    return {
      heapBytes: (after.heapUsed - before.heapUsed) / count,
      externalBytes: (after.external - before.external) / count,
    };
  } finally {
    await closeAll(streams);
  }
}
