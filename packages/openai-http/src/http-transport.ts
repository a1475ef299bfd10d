/** One POST the adapter sends. */
export interface HttpRequest {
  /** Absolute URL. */
  readonly url: string;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, already serialised. */
  readonly body: string;
  /** Aborts the request and the body read (user abort or the adapter's timeout). */
  readonly signal: AbortSignal;
}

/**
 * A response whose body has not been read yet. The adapter reads it once,
 * with `next()` or `text()`; reading it to the end hands the connection
 * back for reuse, `destroy()` closes it.
 */
export interface HttpResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The next chunk of the body, or `undefined` at its end. */
  next(): Promise<Uint8Array | undefined>;
  /** The whole body as text. */
  text(): Promise<string>;
  /** Closes the connection now; safe to call more than once. */
  destroy(): void;
}

/**
 * Sends one request. The two implementations (undici `request`, `fetch`)
 * differ only here: everything else in the adapter is shared.
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;
