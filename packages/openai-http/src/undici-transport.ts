import { headersToRecord } from '@org/llm-core/adapter-kit';
import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpResponse, HttpTransport } from './http-transport.ts';

type Undici = typeof UndiciModule;

let undici: Undici | undefined;

// undici is imported on first use, not at module load: an app that injects
// `fetch` never pays for loading it, and cold start stays short.
async function loadUndici(): Promise<Undici> {
  undici ??= await import('undici');
  return undici;
}

/** A URL split the way `Dispatcher.request` takes it, parsed once per model URL. */
interface Target {
  readonly origin: string;
  readonly path: string;
}

/**
 * The default transport on Node: undici's `Dispatcher.request`, which
 * spends about a third of `fetch`'s CPU per call (no WHATWG streams, no
 * Response object). Calling the dispatcher directly with a pre-split origin
 * and path also skips the URL parsing of the top-level `request()`. The
 * adapter runs its own timer, so undici's header and body timeouts are
 * turned off here.
 *
 * @param dispatcher Agent, pool or proxy to send through (default: undici's
 *   global dispatcher, read per request so `setGlobalDispatcher` applies).
 */
export function createUndiciTransport(dispatcher: Dispatcher | undefined): HttpTransport {
  const targets = new Map<string, Target>();
  return async (request) => {
    const loaded = undici ?? (await loadUndici());
    let target = targets.get(request.url);
    if (target === undefined) {
      const url = new URL(request.url);
      target = { origin: url.origin, path: url.pathname + url.search };
      targets.set(request.url, target);
    }
    const response = await (dispatcher ?? loaded.getGlobalDispatcher()).request({
      origin: target.origin,
      path: target.path,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const body = response.body;
    const chunks = body[Symbol.asyncIterator]();
    const result: HttpResponse = {
      status: response.statusCode,
      headers: headersToRecord(response.headers),
      next: async () => {
        const next = await chunks.next();
        return next.done === true ? undefined : (next.value as Uint8Array);
      },
      text: () => body.text(),
      destroy: () => {
        if (!body.destroyed) body.destroy();
      },
    };
    return result;
  };
}
