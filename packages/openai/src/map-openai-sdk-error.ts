import {
  ConnectionError,
  LlmError,
  ResponseValidationError,
  type TimeoutError,
} from '@org/llm-core';
import {
  classifyErrorPayload,
  classifyHttpFailure,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { capturedErrorBody } from './capture-error-bodies.ts';

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
 * The error body as the server sent it: the text captured on the way in
 * (see `captureErrorBodies`), else (a client the application built) the
 * envelope rebuilt from the SDK's parsed `error` member.
 */
function bodyOf(error: APIError): unknown {
  const captured = capturedErrorBody(error.headers);
  if (captured !== undefined) return captured;
  return error.error === undefined ? undefined : { error: error.error };
}

/**
 * Maps whatever the `openai` SDK throws to our errors, keeping the SDK error
 * as `cause`:
 *
 * - `APIError` with a status: core's `classifyHttpFailure` on its status,
 *   headers and body (so the same failure is the same error as with
 *   `@org/llm-openai-http`);
 * - `APIError` without a status: an error object the server sent inside a
 *   stream, classified with `classifyErrorPayload`;
 * - `APIConnectionTimeoutError`: `TimeoutError` (phase `request`);
 *   `APIConnectionError` and anything else that is not ours (a socket reset
 *   mid-body): `ConnectionError`;
 * - `APIUserAbortError`: the abort signal's reason, unwrapped;
 * - `SyntaxError` (a body or stream chunk that is not JSON):
 *   `ResponseValidationError`.
 *
 * Our own errors pass through unchanged.
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
  if (error instanceof APIConnectionTimeoutError) return context.timeout(error);
  if (isResponseError(error)) {
    const failure = { provider, modelId, secrets, cause: error };
    return error.status === undefined
      ? classifyErrorPayload(bodyOf(error), error.headers, failure)
      : classifyHttpFailure(error.status, error.headers, bodyOf(error), failure);
  }
  if (error instanceof SyntaxError) {
    return new ResponseValidationError(
      redactSecrets(
        `${provider} answered '${modelId}' with data that is not JSON (${error.message}).`,
        secrets,
      ),
      { provider, modelId, cause: error },
    );
  }
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
    { provider, modelId, cause: error },
  );
}
