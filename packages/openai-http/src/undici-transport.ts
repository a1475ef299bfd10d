import { headersToRecord } from '@org/llm-core/adapter-kit';
import type { Dispatcher, request } from 'undici';
import type { HttpResponse, HttpTransport } from './http-transport.ts';

type UndiciRequest = typeof request;

let undiciRequest: UndiciRequest | undefined;

// undici is imported on first use, not at module load: an app that injects
// `fetch` never pays for loading it, and cold start stays short.
async function loadRequest(): Promise<UndiciRequest> {
  undiciRequest ??= (await import('undici')).request;
  return undiciRequest;
}

/**
 * The default transport on Node: undici's `request`, which spends about a
 * third of `fetch`'s CPU per call (no WHATWG streams, no Response object).
 * The adapter runs its own timer, so undici's header and body timeouts are
 * turned off here.
 *
 * @param dispatcher Agent, pool or proxy to send through (undici's global one when unset).
 */
export function createUndiciTransport(dispatcher: Dispatcher | undefined): HttpTransport {
  return async (request) => {
    const send = undiciRequest ?? (await loadRequest());
    const response = await send(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(dispatcher === undefined ? {} : { dispatcher }),
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
