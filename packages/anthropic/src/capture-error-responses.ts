import { transportFailure } from '@org/llm-core/adapter-kit';

/** The `fetch` signature `@anthropic-ai/sdk` calls. */
export type SdkFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What the server really answered, when it was not a success. */
export interface CapturedErrorResponse {
  /** The status as sent (it may be one `Response` cannot hold, such as 600 or 999). */
  readonly status: number;
  /** The body as sent, or `undefined` when it broke off. */
  readonly text: string | undefined;
}

// Failed answers by the headers object of the response handed to the SDK: the
// SDK gives those same headers to its APIError, so the answer can be found
// again from the error without holding on to anything once the error is gone.
const captured = new WeakMap<object, CapturedErrorResponse>();

/**
 * Wraps the `fetch` the SDK sends with (as `@org/llm-openai` does with the
 * `openai` SDK), so that every answer outside 2xx is classified from what
 * the server sent and the SDK never reads it:
 *
 * - its body is read here, inside the SDK's fetch call and so within its
 *   timeout (the SDK reads an error body with no timer of its own: a server
 *   that sends an error status and then stalls would hold the call until it
 *   closed the socket);
 * - the SDK gets an empty response with the same headers, so its own error
 *   quotes nothing (no key the server echoed, no body nested too deep for
 *   its `JSON.stringify`), and a status `Response` can hold (599 for 600 and
 *   above);
 * - the real status and the raw text are kept for the adapter.
 *
 * A failure of the fetch itself, or of the error body's read, is marked as
 * the transport's; an abort (the caller's, or the SDK's timeout) goes to the
 * SDK as it is. A successful response passes through untouched.
 */
export function captureErrorResponses(fetchFunction: SdkFetch): SdkFetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetchFunction(input, init);
    } catch (error) {
      throw transportFailure(error);
    }
    if (response.status >= 200 && response.status < 300) return response;
    let text: string | undefined;
    try {
      text = response.body === null ? '' : await response.text();
    } catch (error) {
      if (init?.signal?.aborted === true) throw error;
      // The body broke off: the error is classified by status and headers alone.
    }
    const copy = new Response(null, {
      status: response.status >= 300 && response.status <= 599 ? response.status : 599,
      headers: response.headers,
    });
    captured.set(copy.headers, { status: response.status, text });
    return copy;
  };
}

/** The answer {@link captureErrorResponses} kept for the response with these headers, if any. */
export function capturedErrorResponse(headers: unknown): CapturedErrorResponse | undefined {
  return typeof headers === 'object' && headers !== null ? captured.get(headers) : undefined;
}
