import { redactSecrets } from './redact-secrets.ts';

/**
 * Global brand key. `Symbol.for` returns the same symbol in every copy of this
 * package, so `isInstance` keeps working when an app ends up with two
 * installed versions (where `instanceof` would fail).
 */
const brandKey: unique symbol = Symbol.for('@org/llm-core/error');

/** Machine-readable kind of an {@link LlmError}; stable across releases. */
export type LlmErrorCode =
  | 'authentication'
  | 'permission-denied'
  | 'not-found'
  | 'invalid-request'
  | 'context-length-exceeded'
  | 'content-filter'
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'connection'
  | 'timeout'
  | 'response-validation'
  | 'stream-interrupted'
  | 'stream-consumed'
  | 'structured-output'
  | 'circuit-open'
  | 'all-attempts-failed'
  | 'unsupported-feature'
  | 'config'
  | 'conversation-conflict'
  | 'conversation-data';

/** Fields every {@link LlmError} may carry; all optional. */
export interface LlmErrorOptions {
  /** Provider that failed, e.g. `openai` or `anthropic`. */
  readonly provider?: string | undefined;
  /** Model id the request was for. */
  readonly modelId?: string | undefined;
  /** HTTP status of the failed response, when there was one. */
  readonly status?: number | undefined;
  /**
   * The provider's request id (from `x-request-id`, `request-id` or the
   * body), for support tickets. Passed through `redactSecrets`, as the
   * message is.
   */
  readonly requestId?: string | undefined;
  /** Overrides the class default for whether repeating the same request may succeed. */
  readonly isRetryable?: boolean | undefined;
  /** How long the provider asked us to wait before retrying, in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /**
   * The underlying error. Adapters keep a redacted copy of a vendor or
   * transport error here (see `redactError` in `@org/llm-core/adapter-kit`),
   * never the vendor object itself.
   */
  readonly cause?: unknown;
  /** The provider's response body (redacted, truncated), for debugging. */
  readonly responseBody?: string | undefined;
  /**
   * Response headers of the failed call, lower-case names (rate-limit
   * headers, request ids); every value is passed through `redactSecrets`.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A copy of `headers` with every value passed through `redactSecrets`. */
function redactHeaders(
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) out[name] = redactSecrets(String(headers[name]));
  return out;
}

/** Constructor type used by the static `isInstance` helpers. */
type LlmErrorClass<T extends LlmError> = (abstract new (...args: never[]) => T) & {
  readonly errorName: string;
};

/**
 * Base class of every error this library throws.
 *
 * Catch it (or a subclass) and branch on {@link LlmError.code} or the class;
 * use the static `isInstance` rather than `instanceof`, which fails across two
 * installed copies of the package. Messages say what happened and what to do,
 * and never contain an API key or an Authorization header.
 */
export abstract class LlmError extends Error {
  /** The class's stable name, used by the brand. Subclasses override it. */
  static readonly errorName: string = 'LlmError';

  /** Machine-readable kind. */
  abstract readonly code: LlmErrorCode;
  /** Provider that failed, e.g. `openai`. */
  readonly provider: string | undefined;
  /** Model id the request was for. */
  readonly modelId: string | undefined;
  /** HTTP status, when the failure was an HTTP response. */
  readonly status: number | undefined;
  /** The provider's request id, for support tickets. */
  readonly requestId: string | undefined;
  /** Whether repeating the same request may succeed (computed when the error is built). */
  readonly isRetryable: boolean;
  /** How long the provider asked us to wait before a retry, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The provider's response body, redacted and truncated to 2,000 characters. */
  readonly responseBody: string | undefined;
  /**
   * Response headers of the failed call, lower-case names, without cookies:
   * rate-limit headers let a client-side limiter learn from a 429.
   */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(message: string, options: LlmErrorOptions, defaultRetryable: boolean) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    const names: string[] = [];
    for (
      let ctor: unknown = new.target;
      typeof ctor === 'function' && ctor !== Error;
      ctor = Object.getPrototypeOf(ctor)
    ) {
      if (Object.hasOwn(ctor, 'errorName')) names.push((ctor as LlmErrorClass<LlmError>).errorName);
    }
    Object.defineProperty(this, brandKey, { value: names, enumerable: false });
    this.name = names[0] ?? 'LlmError';
    this.provider = options.provider;
    this.modelId = options.modelId;
    this.status = options.status;
    this.requestId = options.requestId === undefined ? undefined : redactSecrets(options.requestId);
    this.isRetryable = options.isRetryable ?? defaultRetryable;
    this.retryAfterMs = options.retryAfterMs;
    this.headers = options.headers === undefined ? undefined : redactHeaders(options.headers);
    this.responseBody =
      options.responseBody === undefined
        ? undefined
        : redactSecrets(options.responseBody).slice(0, 2000);
  }

  /**
   * Whether `value` is an instance of this class (or a subclass), also when it
   * was thrown by another installed copy of this package.
   *
   * @example `if (RateLimitError.isInstance(error)) wait(error.retryAfterMs)`
   */
  static isInstance<T extends LlmError>(this: LlmErrorClass<T>, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const names = (value as Partial<Record<typeof brandKey, unknown>>)[brandKey];
    return Array.isArray(names) && names.includes(this.errorName);
  }

  /**
   * A plain object for structured logs: no `cause`, no stack, no body or
   * headers; the message and request id are redacted.
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      modelId: this.modelId,
      status: this.status,
      requestId: this.requestId,
      isRetryable: this.isRetryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
