import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AnthropicError,
} from '@anthropic-ai/sdk';
import { ConnectionError, LlmError, ResponseValidationError, TimeoutError } from '@org/llm-core';
import {
  classifyErrorPayload,
  classifyHttpFailure,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import type { AnthropicToolCallIds } from './anthropic-tool-call-ids.ts';

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

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error && parts.length < 4; current = current.cause) {
    parts.push(current.message);
  }
  return parts.length === 0 ? String(error) : parts.join(': ');
}

/** The error body as the classifier reads it: the parsed JSON, else the raw text. */
function errorBody(
  error: APIError<number | undefined, Headers | undefined, object | undefined>,
  ids: AnthropicToolCallIds | undefined,
): unknown {
  let body: unknown = error.error;
  if (body === undefined) {
    // A body that was not JSON: the SDK keeps it only in the message, after the status.
    const status = error.status === undefined ? '' : `${error.status} `;
    body = error.message.startsWith(status) ? error.message.slice(status.length) : error.message;
  }
  if (ids?.changed !== true) return body;
  // Anthropic quotes tool-use ids in its messages; show the caller's own ids.
  return typeof body === 'string'
    ? ids.restoreIn(body)
    : (JSON.parse(ids.restoreIn(JSON.stringify(body))) as unknown);
}

/**
 * Converts an SDK error (or a transport failure under it) to our error
 * hierarchy, keeping the original as `cause`:
 *
 * - `APIError` with a status → core's `classifyHttpFailure` (status, headers, body);
 * - `APIError` without a status (an `error` event inside the stream, such as
 *   `overloaded_error`) → core's `classifyErrorPayload`;
 * - `APIConnectionTimeoutError` → `TimeoutError` (phase `request`);
 * - `APIConnectionError`, and a body that broke off (`terminated`, reset) →
 *   `ConnectionError`;
 * - a stream event that is not JSON → `ResponseValidationError`.
 *
 * Aborts are not handled here: the caller rejects with the signal's reason.
 * Our own errors pass through unchanged.
 */
export function mapAnthropicError(error: unknown, context: AnthropicErrorContext): LlmError {
  if (LlmError.isInstance(error)) return error;
  // A proxy failure named by the fetch this adapter gave the SDK, which wraps it.
  if (error instanceof APIConnectionError && LlmError.isInstance(error.cause)) return error.cause;
  const failure = {
    provider: context.provider,
    modelId: context.modelId,
    secrets: context.secrets,
  };
  const options = { provider: context.provider, modelId: context.modelId, cause: error };
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError(
      `${context.provider} sent no response within ${context.timeoutMs} ms (model '${context.modelId}'); raise timeoutMs if the model needs longer.`,
      { ...options, phase: 'request', timeoutMs: context.timeoutMs },
    );
  }
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) {
    return new ConnectionError(
      redactSecrets(
        `Could not reach ${context.provider} at ${context.baseURL}: ${describe(error)}. The connection failed or was closed early; retrying may succeed.`,
        context.secrets,
      ),
      options,
    );
  }
  if (error instanceof APIError) {
    // The SDK types a caught APIError's fields as `any`; these are what it stores.
    const apiError = error as APIError<number | undefined, Headers | undefined, object | undefined>;
    const body = errorBody(apiError, context.ids);
    return typeof apiError.status === 'number'
      ? classifyHttpFailure(apiError.status, apiError.headers, body, { ...failure, cause: error })
      : classifyErrorPayload(body, apiError.headers, { ...failure, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ResponseValidationError(
      redactSecrets(
        `${context.provider} sent a stream event that is not valid JSON (model '${context.modelId}'): ${error.message}`,
        context.secrets,
      ),
      options,
    );
  }
  const what =
    error instanceof AnthropicError ? 'The Anthropic SDK failed' : 'The connection failed';
  return new ConnectionError(
    redactSecrets(
      `${what} while talking to ${context.provider} at ${context.baseURL}: ${describe(error)}. Retrying may succeed.`,
      context.secrets,
    ),
    options,
  );
}
