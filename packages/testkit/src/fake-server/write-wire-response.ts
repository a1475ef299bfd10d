import type { ServerResponse } from 'node:http';
import { delay } from './abortable-timers.ts';
import type { WireResponse } from './fake-script.ts';
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

function stall(
  res: ServerResponse,
  item: StallFault,
  keepAlive: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  const everyMs = item.commentEveryMs ?? Math.max(1, Math.min(1000, Math.floor(item.ms / 4)));
  const tick =
    item.comments === true && keepAlive !== undefined
      ? {
          everyMs,
          run: () => {
            res.write(keepAlive);
          },
        }
      : undefined;
  return delay(item.ms, signal, tick);
}

function toBuffer(unit: string | Uint8Array): Buffer {
  return typeof unit === 'string' ? Buffer.from(unit, 'utf8') : Buffer.from(unit);
}

async function writeBody(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  signal: AbortSignal,
): Promise<void> {
  const body = Buffer.concat(response.units.map(toBuffer));
  const half = body.subarray(0, Math.floor(body.length / 2));
  const cut = find(faults, 'cut');
  const payload = find(faults, 'malformed') === undefined ? body : half;
  // A cut body announces its full length, so the client knows it was truncated.
  res.writeHead(response.status, {
    ...response.headers,
    'content-length': String(cut === undefined ? payload.length : body.length),
  });
  const stalled = find(faults, 'stall');
  if (stalled !== undefined) {
    res.flushHeaders();
    if (!(await stall(res, stalled, undefined, signal))) return;
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
): Promise<void> {
  res.writeHead(response.status, response.headers);
  res.flushHeaders();
  const units = response.units;
  const cut = find(faults, 'cut');
  // The terminator is never sent by a cut, whatever its count.
  const cutAt =
    cut === undefined ? undefined : Math.min(cut.afterChunks, Math.max(0, units.length - 1));
  for (let index = 0; index <= units.length; index++) {
    for (const item of faults) {
      if (item.kind === 'stall' && (item.afterChunks ?? 0) === index) {
        if (!(await stall(res, item, response.keepAlive, signal))) return;
      }
      if (item.kind === 'malformed' && item.afterChunks === index) {
        if (!(await write(res, response.malformedEvent, signal))) return;
      }
    }
    if (index === cutAt || index === units.length) break;
    if (paceMs > 0 && index > 0 && !(await delay(paceMs, signal))) return;
    if (!(await write(res, units[index]!, signal))) return;
  }
  if (!signal.aborted) res.end();
}

/**
 * Writes `response` to `res`, injecting `faults`. Every wait is cut short when
 * `signal` aborts (the client went away or the server is closing).
 */
export async function writeWireResponse(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  paceMs: number,
  signal: AbortSignal,
): Promise<void> {
  const slow = find(faults, 'slow-first-byte');
  if (slow !== undefined && !(await delay(slow.ms, signal))) return;
  if (find(faults, 'reset') !== undefined) {
    // resetAndDestroy sends a TCP RST, so clients see ECONNRESET rather than a clean close.
    res.socket?.resetAndDestroy();
    return;
  }
  if (response.kind === 'body') await writeBody(res, response, faults, signal);
  else await writeEvents(res, response, faults, paceMs, signal);
}
