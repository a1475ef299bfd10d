import {
  classifyErrorPayload,
  classifyHttpFailure,
  isTransportFailure,
  redactError,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { ConnectionError, LlmError, ResponseValidationError, TimeoutError } from '@org/llm-core';
import type { AnthropicToolCallIds } from './anthropic-tool-call-ids.ts';
import { capturedErrorResponse } from './capture-error-responses.ts';

/** Who failed, for the error's fields and message. */
export interface AnthropicErrorContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Base URL requests go to. */
  readonly baseURL: string;
  /** The configured timeout, for timeout messages. */
  readonly timeoutMs: number;
  /** Exact secrets (the API key) to scrub from messages and bodies. */
  readonly secrets: readonly string[];
  /** The request's tool-call ids, to show the caller's own ids in provider messages. */
  readonly ids?: AnthropicToolCallIds | undefined;
}

/**
 * An `error` event the server sent inside a stream, with its data (parsed
 * JSON, or the raw text when it was not JSON); classified like an HTTP error
 * body, from its type.
 */
export class AnthropicStreamErrorEvent {
  /** The event's data. */
  readonly payload: unknown;
  /** The stream's response headers (for the request id). */
  readonly headers: Headers | undefined;
  /**
   * @param payload The event's data.
   * @param headers The stream's response headers.
   */
  constructor(payload: unknown, headers: Headers | undefined) {
    this.payload = payload;
    this.headers = headers;
  }
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error && parts.length < 4; current = current.cause) {
    parts.push(current.message);
  }
  return parts.length === 0 ? String(error) : parts.join(': ');
}

/** Shows the caller's own tool-call ids where Anthropic's message quotes normalised ones. */
function restoreIds(body: unknown, ids: AnthropicToolCallIds | undefined): unknown {
  if (ids?.changed !== true) return body;
  if (typeof body === 'string') return ids.restoreIn(body);
  try {
    return JSON.parse(ids.restoreIn(JSON.stringify(body))) as unknown;
  } catch {
    // A payload too deep to write back: classified as it came.
    return body;
  }
}

/** The error body the SDK kept, when the answer was not captured (it is, for any client this adapter builds). */
function sdkErrorBody(
  error: APIError<number | undefined, Headers | undefined, object | undefined>,
): unknown {
  if (error.error !== undefined) return error.error;
  // A body that was not JSON: the SDK keeps it only in the message, after the status.
  const status = error.status === undefined ? '' : `${error.status} `;
  return error.message.startsWith(status) ? error.message.slice(status.length) : error.message;
}

/**
 * Converts an SDK error (or a transport failure under it) to our error
 * hierarchy, keeping a redacted copy of the original as `cause` (never the
 * SDK's object, whose body and headers may hold the key):
 *
 * - `APIError` with a status → core's `classifyHttpFailure` on the status
 *   and body the server sent (kept by `captureErrorResponses`) and the headers;
 * - an {@link AnthropicStreamErrorEvent} (an `error` event inside the stream,
 *   such as `overloaded_error`) → core's `classifyErrorPayload`;
 * - `APIConnectionTimeoutError` → `TimeoutError` (phase `request`);
 * - `APIConnectionError` → `ConnectionError`, unless its cause was not
 *   reported by the transport (a failure of code on the way), which
 *   surfaces as is; a failure marked as the transport's (a body that broke
 *   off) → `ConnectionError`;
 * - `SyntaxError` → `ResponseValidationError`, without the parser's message
 *   (it quotes the data).
 *
 * Aborts are not handled here: the caller rejects with the signal's own
 * reason. Our own errors pass through unchanged, and so does anything else
 * (a bug here or in the SDK): it is never disguised as a network failure.
 */
export function mapAnthropicError(error: unknown, context: AnthropicErrorContext): unknown {
  if (LlmError.isInstance(error)) return error;
  // A proxy failure named by the fetch this adapter gave the SDK, which wraps it.
  if (error instanceof APIConnectionError && LlmError.isInstance(error.cause)) return error.cause;
  const { secrets } = context;
  const failure = { provider: context.provider, modelId: context.modelId, secrets };
  if (error instanceof AnthropicStreamErrorEvent) {
    return classifyErrorPayload(restoreIds(error.payload, context.ids), error.headers, failure);
  }
  const options = {
    provider: context.provider,
    modelId: context.modelId,
    cause: redactError(error, secrets),
  };
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError(
      `${context.provider} sent no response within ${context.timeoutMs} ms (model '${context.modelId}'); raise timeoutMs if the model needs longer.`,
      { ...options, phase: 'request', timeoutMs: context.timeoutMs },
    );
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause;
    if (cause !== undefined && !isTransportFailure(cause)) return cause;
    return new ConnectionError(
      redactSecrets(
        `Could not reach ${context.provider} at ${context.baseURL}: ${describe(error)}. The connection failed or was closed early; retrying may succeed.`,
        secrets,
      ),
      options,
    );
  }
  if (error instanceof APIUserAbortError) {
    // Our signal aborted without a reason we know (the caller's reason is handled before).
    return new ConnectionError(
      `The request to ${context.provider} at ${context.baseURL} was aborted. Retrying may succeed.`,
      options,
    );
  }
  if (error instanceof APIError) {
    // The SDK types a caught APIError's fields as `any`; these are what it stores.
    const apiError = error as APIError<number | undefined, Headers | undefined, object | undefined>;
    const sent = capturedErrorResponse(apiError.headers);
    const status = sent?.status ?? apiError.status;
    const body = restoreIds(sent === undefined ? sdkErrorBody(apiError) : sent.text, context.ids);
    return typeof status === 'number'
      ? classifyHttpFailure(status, apiError.headers, body, { ...failure, cause: error })
      : classifyErrorPayload(body, apiError.headers, { ...failure, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ResponseValidationError(
      `${context.provider} sent data that is not valid JSON (model '${context.modelId}').`,
      { provider: context.provider, modelId: context.modelId },
    );
  }
  if (isTransportFailure(error)) {
    return new ConnectionError(
      redactSecrets(
        `The connection failed while talking to ${context.provider} at ${context.baseURL}: ${describe(error)}. Retrying may succeed.`,
        secrets,
      ),
      options,
    );
  }
  return error;
}
