/** A `fetch` implementation: the global one, undici's, or a wrapper (proxies, tracing, tests). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** The `fetch` signature the `openai` SDK calls. */
type SdkFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// Error bodies by the headers object of the response the SDK reads them from:
// the SDK hands those same headers to its APIError, so the body can be found
// again from the error without holding on to anything once the error is gone.
const errorBodies = new WeakMap<object, string>();

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/**
 * Wraps the `fetch` the SDK sends with so that the text of every HTTP error
 * response (status 400 and above) stays available to the adapter. The SDK
 * keeps the parsed JSON rather than the text (and wraps a body that is not
 * an OpenAI envelope, such as FastAPI's `{"detail": ...}`, in one), and a
 * body that is not JSON (a proxy's HTML page) only inside its message, while
 * `@org/llm-openai-http` classifies the raw text: with this, both adapters
 * give the same error with the same `responseBody`.
 *
 * A successful response passes through untouched (the per-request cost is one
 * `ok` check); an error body is read here, once, and handed to the SDK as a
 * new response with the same status and headers.
 */
export function captureErrorBodies(fetchFunction: FetchFunction): SdkFetch {
  return async (input, init) => {
    const response = await fetchFunction(urlOf(input), init ?? {});
    if (response.status < 400 || response.body === null) return response;
    let text: string | undefined;
    try {
      text = await response.text();
    } catch {
      // The body broke off: the error is classified by status and headers alone.
    }
    const copy = new Response(text ?? null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    if (text !== undefined) errorBodies.set(copy.headers, text);
    return copy;
  };
}

/** The error body {@link captureErrorBodies} read for the response with these headers, if any. */
export function capturedErrorBody(headers: unknown): string | undefined {
  return typeof headers === 'object' && headers !== null ? errorBodies.get(headers) : undefined;
}
