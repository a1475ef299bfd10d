import type { ServerResponse } from 'node:http';
import {
  brotliCompressSync,
  createBrotliCompress,
  createDeflate,
  createGzip,
  deflateSync,
  gzipSync,
} from 'node:zlib';
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { delay, type PauseCount } from './abortable-timers.ts';
import { FakeServerError } from './fake-server-error.ts';
import type { FakeContentEncoding, WireResponse } from './fake-script.ts';
import type { Fault } from './fault.ts';

type StallFault = Extract<Fault, { kind: 'stall' }>;

function find<K extends Fault['kind']>(
  faults: readonly Fault[],
  kind: K,
): Extract<Fault, { kind: K }> | undefined {
  return faults.find((item): item is Extract<Fault, { kind: K }> => item.kind === kind);
}

/** Writes one chunk, waiting for `drain` under backpressure; `false` when the response was aborted. */
function write(
  res: ServerResponse,
  chunk: string | Uint8Array,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted || res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ok: boolean): void => {
      res.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = (): void => {
      finish(true);
    };
    const onAbort = (): void => {
      finish(false);
    };
    res.on('drain', onDrain);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** zstd is in node:zlib from Node 22.15 / 23.8; read it at run time so older Nodes still load this file. */
interface ZstdZlib {
  readonly zstdCompressSync?: (data: Buffer) => Buffer;
  readonly createZstdCompress?: () => Transform;
}

function zstd(): Required<ZstdZlib> {
  const { zstdCompressSync, createZstdCompress } = zlib as ZstdZlib;
  if (zstdCompressSync === undefined || createZstdCompress === undefined) {
    throw new FakeServerError(
      `contentEncoding 'zstd' needs a Node whose zlib has zstd (22.15 or later); this is ${process.version}.`,
    );
  }
  return { zstdCompressSync, createZstdCompress };
}

function compressSync(body: Buffer, encoding: FakeContentEncoding): Buffer {
  switch (encoding) {
    case 'gzip':
      return gzipSync(body);
    case 'deflate':
      return deflateSync(body);
    case 'br':
      return brotliCompressSync(body);
    case 'zstd':
      return zstd().zstdCompressSync(body);
  }
}

function compressor(encoding: FakeContentEncoding): Transform {
  switch (encoding) {
    case 'gzip':
      return createGzip();
    case 'deflate':
      return createDeflate();
    case 'br':
      return createBrotliCompress();
    case 'zstd':
      return zstd().createZstdCompress();
  }
}

/** Where the bytes of an SSE answer go: the response, or a compressor in front of it. */
interface EventSink {
  /** Writes one event; `false` when the response was aborted. */
  write(chunk: string | Uint8Array): Promise<boolean>;
  /** Writes keep-alive traffic without waiting. */
  tick(chunk: string): void;
  /** Ends the body. */
  end(): void;
}

function plainSink(res: ServerResponse, signal: AbortSignal): EventSink {
  return {
    write: (chunk) => write(res, chunk, signal),
    tick: (chunk) => {
      res.write(chunk);
    },
    end: () => {
      res.end();
    },
  };
}

/** A compressor flushed after every write, so each event can be decoded as soon as it arrives. */
function compressedSink(
  res: ServerResponse,
  signal: AbortSignal,
  encoding: FakeContentEncoding,
): EventSink {
  const stream = compressor(encoding);
  stream.on('data', (data: Buffer) => {
    if (!res.destroyed) res.write(data);
  });
  stream.on('end', () => {
    if (!res.destroyed) res.end();
  });
  signal.addEventListener('abort', () => stream.destroy(), { once: true });
  const flush = (): Promise<boolean> =>
    new Promise((resolve) => {
      (stream as Transform & { flush(callback: () => void): void }).flush(() => {
        resolve(!signal.aborted && !res.destroyed);
      });
    });
  return {
    write: (chunk) => {
      if (signal.aborted || res.destroyed) return Promise.resolve(false);
      stream.write(chunk);
      return flush();
    },
    tick: (chunk) => {
      stream.write(chunk);
      void flush();
    },
    end: () => {
      stream.end();
    },
  };
}

function stall(
  sink: EventSink | undefined,
  item: StallFault,
  keepAlive: string | undefined,
  signal: AbortSignal,
  pauses: PauseCount | undefined,
): Promise<boolean> {
  const everyMs = item.commentEveryMs ?? Math.max(1, Math.min(1000, Math.floor(item.ms / 4)));
  const tick =
    item.comments === true && keepAlive !== undefined && sink !== undefined
      ? {
          everyMs,
          run: () => {
            sink.tick(keepAlive);
          },
        }
      : undefined;
  return delay(item.ms, signal, tick, pauses);
}

function toBuffer(unit: string | Uint8Array): Buffer {
  return typeof unit === 'string' ? Buffer.from(unit, 'utf8') : Buffer.from(unit);
}

async function writeBody(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  signal: AbortSignal,
  encoding: FakeContentEncoding | undefined,
  pauses: PauseCount | undefined,
): Promise<void> {
  const plain = Buffer.concat(response.units.map(toBuffer));
  const body = encoding === undefined ? plain : compressSync(plain, encoding);
  const half = body.subarray(0, Math.floor(body.length / 2));
  const cut = find(faults, 'cut');
  const payload = find(faults, 'malformed') === undefined ? body : half;
  // A cut body announces its full length, so the client knows it was truncated.
  res.writeHead(response.status, {
    ...response.headers,
    ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
    'content-length': String(cut === undefined ? payload.length : body.length),
  });
  const stalled = find(faults, 'stall');
  if (stalled !== undefined) {
    res.flushHeaders();
    if (!(await stall(undefined, stalled, undefined, signal, pauses))) return;
  }
  if (cut !== undefined) {
    res.write(half, () => res.destroy());
    return;
  }
  res.end(payload);
}

async function writeEvents(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  paceMs: number,
  signal: AbortSignal,
  encoding: FakeContentEncoding | undefined,
  pauses: PauseCount | undefined,
): Promise<void> {
  res.writeHead(
    response.status,
    encoding === undefined
      ? response.headers
      : { ...response.headers, 'content-encoding': encoding },
  );
  res.flushHeaders();
  const sink =
    encoding === undefined ? plainSink(res, signal) : compressedSink(res, signal, encoding);
  const units = response.units;
  const cut = find(faults, 'cut');
  // The terminator is never sent by a cut, whatever its count.
  const cutAt =
    cut === undefined ? undefined : Math.min(cut.afterChunks, Math.max(0, units.length - 1));
  for (let index = 0; index <= units.length; index++) {
    for (const item of faults) {
      if (item.kind === 'stall' && (item.afterChunks ?? 0) === index) {
        if (!(await stall(sink, item, response.keepAlive, signal, pauses))) return;
      }
      if (item.kind === 'malformed' && item.afterChunks === index) {
        if (!(await sink.write(response.malformedEvent))) return;
      }
    }
    if (index === cutAt || index === units.length) break;
    if (paceMs > 0 && index > 0 && !(await delay(paceMs, signal, undefined, pauses))) return;
    if (!(await sink.write(units[index]!))) return;
  }
  if (!signal.aborted) sink.end();
}

/**
 * Writes `response` to `res`, injecting `faults`, compressed with
 * `encoding` when one is given. Every wait is cut short when `signal` aborts
 * (the client went away or the server is closing), and counted in `pauses`
 * while it runs.
 */
export async function writeWireResponse(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  paceMs: number,
  signal: AbortSignal,
  encoding?: FakeContentEncoding,
  pauses?: PauseCount,
): Promise<void> {
  const slow = find(faults, 'slow-first-byte');
  if (slow !== undefined && !(await delay(slow.ms, signal, undefined, pauses))) return;
  if (find(faults, 'reset') !== undefined) {
    // resetAndDestroy sends a TCP RST, so clients see ECONNRESET rather than a clean close.
    res.socket?.resetAndDestroy();
    return;
  }
  if (response.kind === 'body') await writeBody(res, response, faults, signal, encoding, pauses);
  else await writeEvents(res, response, faults, paceMs, signal, encoding, pauses);
}
