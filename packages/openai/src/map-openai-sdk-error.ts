import {
  classifyErrorPayload,
  classifyHttpFailure,
  isTransportFailure,
  redactError,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import {
  ConnectionError,
  LlmError,
  ResponseValidationError,
  type TimeoutError,
} from '@org/llm-core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { capturedErrorResponse } from './capture-error-bodies.ts';

/** Who failed, for the error's fields and message. */
export interface SdkErrorContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Where requests go (for messages; keys never sit in it, it is still redacted). */
  readonly baseURL: string;
  /** Exact secrets to scrub from messages and bodies. */
  readonly secrets: readonly string[];
  /** Builds the error of an expired `timeoutMs`, the same whichever timer fired. */
  readonly timeout: (cause: unknown) => TimeoutError;
  /**
   * Whether the client sends through `captureErrorBodies` (a client the
   * adapter built): then a connection error whose cause the transport did
   * not report was a failure of code on the way (ours or the SDK's), not of
   * the network.
   */
  readonly capturesErrors: boolean;
}

/** The error and its `cause` chain (the SDK wraps fetch's `TypeError`, which wraps the socket error). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && out.length < 5;) {
    out.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

function codeOf(error: unknown): string | undefined {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * An `APIError` about a response (an HTTP status, or an error object inside a
 * stream), not a connection failure. A type guard rather than `instanceof`,
 * which narrows to `APIError<any, any, any>`.
 */
function isResponseError(error: unknown): error is APIError {
  return error instanceof APIError && !(error instanceof APIConnectionError);
}

/**
 * A {@link ConnectionError} for a failure the transport reported (fetch
 * failed, a body read broke off), with a redacted copy of it as `cause`.
 */
export function connectionError(error: unknown, context: SdkErrorContext): ConnectionError {
  const { provider, modelId, secrets } = context;
  const links = chain(error);
  const code = links.map(codeOf).find((value) => value !== undefined);
  const detail = links
    .map((link) => (link instanceof Error ? link.message : String(link)))
    .join(': ');
  const hint =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? ' Check baseURL: its host name does not resolve.'
      : code === 'ECONNREFUSED'
        ? ' Check baseURL: nothing listens there.'
        : ' The connection failed or was closed early; retrying may succeed.';
  return new ConnectionError(
    redactSecrets(
      `Could not complete the request to ${provider} at ${context.baseURL}${code === undefined ? '' : ` (${code})`}: ${detail}.${hint}`,
      secrets,
    ),
    { provider, modelId, cause: redactError(error, secrets) },
  );
}

/**
 * Maps whatever the `openai` SDK throws to our errors, keeping a redacted
 * copy of the SDK error as `cause` (never the SDK error itself, whose body
 * and headers may hold the key):
 *
 * - `APIError` with a status: core's `classifyHttpFailure` on the status and
 *   body the server sent (kept by `captureErrorBodies`; with a client the
 *   application built, the SDK's status and parsed body) and the headers, so
 *   the same failure is the same error as with `@org/llm-openai-http`;
 * - `APIError` without a status: an error object the server sent inside a
 *   stream, classified with `classifyErrorPayload`;
 * - `APIConnectionTimeoutError`: `TimeoutError` (phase `request`);
 *   `APIConnectionError`: `ConnectionError`, unless its cause was not
 *   reported by the transport (see `capturesErrors`), which surfaces as is;
 * - `APIUserAbortError`: the abort signal's reason, unwrapped;
 * - `SyntaxError` (data the SDK could not parse): `ResponseValidationError`,
 *   without the parser's message, which quotes the data;
 * - a failure marked as the transport's (a body read): `ConnectionError`.
 *
 * Our own errors pass through unchanged, and so does anything else (a bug
 * here or in the SDK): it is never disguised as a network failure.
 */
export function mapOpenAISdkError(error: unknown, context: SdkErrorContext): unknown {
  if (LlmError.isInstance(error)) return error;
  // A proxy failure named by the fetch this adapter gave the SDK, which wraps it.
  if (error instanceof APIConnectionError && LlmError.isInstance(error.cause)) return error.cause;
  const { provider, modelId, secrets } = context;
  if (error instanceof APIUserAbortError) {
    // The SDK keeps the signal's reason as `cause`.
    return error.cause ?? error;
  }
  if (error instanceof APIConnectionTimeoutError)
    return context.timeout(redactError(error, secrets));
  if (error instanceof APIConnectionError) {
    const cause = error.cause;
    if (context.capturesErrors && cause !== undefined && !isTransportFailure(cause)) return cause;
    return connectionError(error, context);
  }
  if (isResponseError(error)) {
    const failure = { provider, modelId, secrets, cause: error };
    const sent = capturedErrorResponse(error.headers);
    if (sent !== undefined)
      return classifyHttpFailure(sent.status, error.headers, sent.text, failure);
    // A client the application built: what the SDK kept of the answer.
    const body = error.error === undefined ? undefined : { error: error.error };
    return error.status === undefined
      ? classifyErrorPayload(body, error.headers, failure)
      : classifyHttpFailure(error.status, error.headers, body, failure);
  }
  if (error instanceof SyntaxError) {
    return new ResponseValidationError(
      `${provider} answered '${modelId}' with data that is not JSON.`,
      { provider, modelId },
    );
  }
  if (isTransportFailure(error)) return connectionError(error, context);
  return error;
}
