import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchClient } from './bench-client.ts';

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
 * threads after gc() returns, and process.cpuUsage() counts every thread.
 * Each phase of a round starts with this. Slices themselves do not: a
 * collection before every short slice would hand each client a fresh young
 * generation and charge nobody for scavenges (it made the allocation-heavy
 * fetch loop look cheaper than it is); instead the clients run in a new
 * random order every slice, so collections triggered by one client's
 * garbage land on every client alike on average.
 */
export async function settle(): Promise<void> {
  collectGarbage();
  await sleep(10);
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

/** What one slice of work cost. */
export interface Slice {
  /** CPU microseconds (user + system, every thread) of this process. */
  readonly cpuUs: number;
  /** Wall milliseconds. */
  readonly wallMs: number;
  /** Units of work done: requests, or stream chunks. */
  readonly units: number;
}

/** Sums slices: the runner adds up a client's slices of a round. */
export function addSlices(a: Slice | undefined, b: Slice): Slice {
  if (a === undefined) return b;
  return { cpuUs: a.cpuUs + b.cpuUs, wallMs: a.wallMs + b.wallMs, units: a.units + b.units };
}

async function measureSlice(units: number, work: () => Promise<void>): Promise<Slice> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  return { cpuUs: cpuMicros(cpu), wallMs, units };
}

/** `count` non-streamed requests, at most `concurrency` in flight. */
export function requestSlice(
  client: BenchClient,
  count: number,
  concurrency: number,
): Promise<Slice> {
  return measureSlice(count, () => runConcurrently(count, concurrency, () => client.generate()));
}

/** `count` streams read to the end, at most `concurrency` at a time; units are chunks. */
export function streamSlice(
  client: BenchClient,
  count: number,
  concurrency: number,
  chunksPerStream: number,
): Promise<Slice> {
  return measureSlice(count * chunksPerStream, () =>
    runConcurrently(count, concurrency, () => client.stream()),
  );
}

/** Milliseconds from the call to the first text part of one stream (read to its end). */
export async function firstPartSample(client: BenchClient): Promise<number> {
  let first = Number.NaN;
  const start = performance.now();
  await client.stream(() => {
    first = performance.now() - start;
  });
  if (Number.isNaN(first)) throw new Error('The stream had no text part.');
  return first;
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
