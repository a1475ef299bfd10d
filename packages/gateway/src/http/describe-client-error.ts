import {
  AllAttemptsFailedError,
  AuthenticationError,
  CircuitOpenError,
  ConnectionError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  LlmError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  StreamInterruptedError,
  StructuredOutputError,
  TimeoutError,
  UnsupportedFeatureError,
} from '@org/llm-core';
import { KeyLimitError } from './key-limit-error.ts';

/**
 * What went wrong, in the terms both wires need: each wire's error body
 * (openai-error-body.ts, anthropic-error-body.ts) turns a kind into its own
 * `type` and `code`.
 */
export type ClientErrorKind =
  | 'invalid-request'
  | 'context-length'
  | 'request-too-large'
  | 'authentication'
  | 'permission'
  | 'not-found'
  | 'rate-limit-requests'
  | 'rate-limit-tokens'
  | 'quota'
  | 'budget'
  | 'overloaded'
  | 'unavailable'
  | 'upstream'
  | 'upstream-credentials'
  | 'timeout'
  | 'internal';

/** An error as the client sees it: status, kind, message, and how long to wait. */
export interface ClientError {
  /** HTTP status. */
  readonly status: number;
  /** What went wrong. */
  readonly kind: ClientErrorKind;
  /** What happened and what to do; never a provider key, never the upstream's raw body. */
  readonly message: string;
  /** The request field at fault (OpenAI `param`), when known. */
  readonly param?: string | undefined;
  /** When to retry, in milliseconds (sent as `retry-after` and `retry-after-ms`). */
  readonly retryAfterMs?: number | undefined;
  /** Whether the official SDKs should retry it (`x-should-retry`). */
  readonly shouldRetry: boolean;
}

const internalMessage =
  'The gateway failed to handle this request; the operator can find the cause in its logs.';

function upstreamName(error: LlmError): string {
  return error.provider === undefined ? 'the provider' : `provider '${error.provider}'`;
}

/**
 * Describes any error a request can end with, for the client. Errors the
 * gateway raised itself (no `provider`) keep their status; a provider's
 * errors are mapped so that the client learns what it can act on:
 *
 * - a provider's 400s (invalid request, context length, content filter) pass
 *   with their message, which the adapters have already redacted;
 * - a provider rejecting the gateway's own credentials (401/403) becomes a
 *   502 that says so without any detail: the client's key is fine, and the
 *   provider's message could describe the operator's key;
 * - server, connection and malformed-answer failures become 502, timeouts
 *   504, an open circuit 503 with `retry-after`, an overload 529 (Anthropic's
 *   status) or 503;
 * - `AllAttemptsFailedError` is described by its last attempt;
 * - anything else is a 500 with a fixed message.
 */
export function describeClientError(error: unknown): ClientError {
  if (AllAttemptsFailedError.isInstance(error)) {
    const last = error.attempts.at(-1)?.error;
    return last === undefined ? internal() : describeClientError(last);
  }
  if (!LlmError.isInstance(error)) return internal();
  const own = error.provider === undefined;
  const retryAfterMs = error.retryAfterMs;

  if (KeyLimitError.isInstance(error)) {
    const kind =
      error.limit === 'budget'
        ? 'budget'
        : error.limit === 'tokens'
          ? 'rate-limit-tokens'
          : 'rate-limit-requests';
    return {
      status: 429,
      kind,
      message: error.message,
      retryAfterMs,
      shouldRetry: error.limit !== 'budget',
    };
  }
  if (ContextLengthExceededError.isInstance(error)) {
    return { status: 400, kind: 'context-length', message: error.message, shouldRetry: false };
  }
  if (InvalidRequestError.isInstance(error)) {
    const tooLarge = error.status === 413;
    return {
      status: tooLarge ? 413 : 400,
      kind: tooLarge ? 'request-too-large' : 'invalid-request',
      message: error.message,
      param: error.issues[0]?.path,
      shouldRetry: false,
    };
  }
  if (ContentFilterError.isInstance(error) || UnsupportedFeatureError.isInstance(error)) {
    return { status: 400, kind: 'invalid-request', message: error.message, shouldRetry: false };
  }
  if (AuthenticationError.isInstance(error) || PermissionDeniedError.isInstance(error)) {
    if (own) {
      const authentication = AuthenticationError.isInstance(error);
      return {
        status: authentication ? 401 : 403,
        kind: authentication ? 'authentication' : 'permission',
        message: error.message,
        shouldRetry: false,
      };
    }
    return {
      status: 502,
      kind: 'upstream-credentials',
      message: `The gateway's credentials for ${upstreamName(error)} were refused; the gateway's operator must fix them.`,
      shouldRetry: false,
    };
  }
  if (NotFoundError.isInstance(error)) {
    return { status: 404, kind: 'not-found', message: error.message, shouldRetry: false };
  }
  if (RateLimitError.isInstance(error)) {
    return error.kind === 'quota-exhausted'
      ? { status: 429, kind: 'quota', message: error.message, shouldRetry: false }
      : {
          status: 429,
          kind: 'rate-limit-requests',
          message: error.message,
          retryAfterMs,
          shouldRetry: true,
        };
  }
  if (CircuitOpenError.isInstance(error)) {
    return {
      status: 503,
      kind: 'unavailable',
      message: `${upstreamName(error)} is failing, so the gateway is not sending it requests for now (circuit open); retry later.`,
      retryAfterMs,
      shouldRetry: true,
    };
  }
  if (OverloadedError.isInstance(error)) {
    return {
      status: 529,
      kind: 'overloaded',
      message: error.message,
      retryAfterMs,
      shouldRetry: true,
    };
  }
  if (TimeoutError.isInstance(error)) {
    return {
      status: 504,
      kind: 'timeout',
      message: `${upstreamName(error)} did not answer in time.`,
      shouldRetry: true,
    };
  }
  if (
    ServerError.isInstance(error) ||
    ConnectionError.isInstance(error) ||
    ResponseValidationError.isInstance(error) ||
    StreamInterruptedError.isInstance(error) ||
    StructuredOutputError.isInstance(error)
  ) {
    return {
      status: 502,
      kind: 'upstream',
      message: `${upstreamName(error)} failed: ${error.message}`,
      retryAfterMs,
      shouldRetry: true,
    };
  }
  return internal();
}

function internal(): ClientError {
  return { status: 500, kind: 'internal', message: internalMessage, shouldRetry: true };
}

/** The headers an error answer carries: `retry-after`, `retry-after-ms` and `x-should-retry`. */
export function clientErrorHeaders(error: ClientError): Record<string, string> {
  const headers: Record<string, string> = { 'x-should-retry': String(error.shouldRetry) };
  if (error.retryAfterMs !== undefined) {
    const ms = Math.max(0, Math.ceil(error.retryAfterMs));
    headers['retry-after'] = String(Math.ceil(ms / 1000));
    headers['retry-after-ms'] = String(ms);
  }
  return headers;
}
