import { headersToRecord } from '@org/llm-core/adapter-kit';
import type { Dispatcher } from 'undici';
import type { HttpResponse, HttpTransport } from './http-transport.ts';

/** A `fetch` implementation: the global one, undici's, or a wrapper (proxies, tracing, tests). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Transport over a `fetch` function: used when the application injects one
 * (or where undici is not available). Node's and undici's `fetch` accept a
 * non-standard `dispatcher` init field, passed through when set.
 */
export function createFetchTransport(
  fetchFunction: FetchFunction,
  dispatcher: Dispatcher | undefined,
): HttpTransport {
  return async (request) => {
    const init: RequestInit = {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    };
    // Node's RequestInit types `dispatcher` with its bundled undici-types,
    // which differ from the undici package's; the value is the same kind.
    if (dispatcher !== undefined) Object.assign(init, { dispatcher });
    const response = await fetchFunction(request.url, init);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let finished = response.body === null;
    const result: HttpResponse = {
      status: response.status,
      headers: headersToRecord(response.headers),
      next: async () => {
        if (finished) return undefined;
        reader ??= response.body!.getReader();
        const next = await reader.read();
        if (next.done) {
          finished = true;
          return undefined;
        }
        return next.value;
      },
      text: () => response.text(),
      destroy: () => {
        if (finished) return;
        finished = true;
        const cancelled = reader === undefined ? response.body?.cancel() : reader.cancel();
        // Cancelling a body whose connection already failed rejects; nothing to do then.
        void cancelled?.catch(() => undefined);
      },
    };
    return result;
  };
}
