import {
  createProxyDispatcher,
  headersToRecord,
  type ResolvedProxy,
} from '@org/llm-core/adapter-kit';
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

/**
 * The response headers as a record with lower-case names. undici parses
 * them into a new object per response, with lower-case names and string
 * values unless a header came more than once: that object is used as it is
 * (copying 15 to 20 headers into a new record was a measurable part of a
 * request's CPU time), and copied only when it is not such a record (a
 * repeated header, or a dispatcher of the application's that kept the case).
 */
function headerRecord(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  for (const key in headers) {
    if (typeof headers[key] !== 'string' || key !== key.toLowerCase()) {
      return headersToRecord(headers);
    }
  }
  return headers as Record<string, string>;
}

/**
 * Each dispatcher requests go through, composed once with undici's
 * `decompress` interceptor: `fetch` decodes `content-encoding` (gzip,
 * deflate, br, zstd) and so must this transport, or a compressing server or
 * proxy gives bytes that are not JSON. Error answers are decoded too (the
 * interceptor skips them by default), and a stream is decoded as it arrives.
 * Nothing asks for compression: no `accept-encoding` is sent unless the
 * application sets one.
 */
const decoding = new WeakMap<Dispatcher, Dispatcher>();

function decodingDispatcher(loaded: Undici, base: Dispatcher): Dispatcher {
  let composed = decoding.get(base);
  if (composed === undefined) {
    composed = base.compose(loaded.interceptors.decompress({ skipErrorResponses: false }));
    decoding.set(base, composed);
  }
  return composed;
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
 * turned off here. A compressed answer is decoded as `fetch` would (see
 * `decodingDispatcher`).
 *
 * @param dispatcher Agent, pool or proxy to send through (default: undici's
 *   global dispatcher, read per request so `setGlobalDispatcher` applies).
 * @param proxy The provider's proxy, when no dispatcher is given: its agent
 *   is made on the first request, once undici is loaded.
 */
export function createUndiciTransport(
  dispatcher: Dispatcher | undefined,
  proxy?: ResolvedProxy,
): HttpTransport {
  const targets = new Map<string, Target>();
  let proxyDispatcher: Dispatcher | undefined;
  return async (request) => {
    const loaded = undici ?? (await loadUndici());
    if (proxy !== undefined) proxyDispatcher ??= createProxyDispatcher(proxy, loaded);
    let target = targets.get(request.url);
    if (target === undefined) {
      const url = new URL(request.url);
      target = { origin: url.origin, path: url.pathname + url.search };
      targets.set(request.url, target);
    }
    const base = dispatcher ?? proxyDispatcher ?? loaded.getGlobalDispatcher();
    const response = await decodingDispatcher(loaded, base).request({
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
      headers: headerRecord(response.headers),
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
