import { match, P } from 'ts-pattern';
import { getHeader, headersToRecord, type HeadersLike } from './headers-like.ts';
import type { LlmError, LlmErrorOptions } from './llm-error.ts';
import { parseRetryAfter } from './parse-retry-after.ts';
import {
  AuthenticationError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from './provider-errors.ts';
import { redactSecrets } from './redact-secrets.ts';
import { TimeoutError } from './transport-errors.ts';

/** What the adapter knows about the failed call, copied onto the error. */
export interface FailureContext {
  /** Provider id, e.g. `openai`. */
  readonly provider?: string | undefined;
  /** Model id of the request. */
  readonly modelId?: string | undefined;
  /** The underlying error (e.g. the vendor SDK's), kept as `cause`. */
  readonly cause?: unknown;
  /** Exact secrets (API keys) to scrub from messages and bodies, whatever their shape. */
  readonly secrets?: readonly string[] | undefined;
  /** Current time in ms since the epoch, for date-valued headers. Defaults to `Date.now()`. */
  readonly now?: number | undefined;
  /**
   * The error arrived inside a successful response (an SSE `error` event, or
   * an error envelope in a 200 body): the message says so and the error's
   * `status` is left `undefined`.
   */
  readonly inBand?: boolean | undefined;
}

/** The fields we read from a provider's error body, whatever its shape. */
interface ErrorBodyFields {
  readonly message: string | undefined;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return body;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return body;
  }
}

/**
 * Reads message, type and code from the error envelopes in the wild: OpenAI
 * and compatible servers (`{error:{message,type,code}}`), Anthropic
 * (`{type:'error', error:{type,message}, request_id}`), Ollama and others
 * (`{error:"..."}`), FastAPI-based servers (`{detail:"..."}`), or plain text.
 */
function readErrorBody(body: unknown): ErrorBodyFields {
  const parsed = parseBody(body);
  if (typeof parsed === 'string') {
    const text = parsed.trim();
    return {
      message: text === '' ? undefined : text.slice(0, 500),
      type: undefined,
      code: undefined,
      requestId: undefined,
    };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { message: undefined, type: undefined, code: undefined, requestId: undefined };
  }
  const record = parsed as Record<string, unknown>;
  const inner = record.error;
  const requestId = asString(record.request_id);
  if (typeof inner === 'object' && inner !== null) {
    const error = inner as Record<string, unknown>;
    return {
      message: asString(error.message),
      type: asString(error.type),
      code: asString(error.code),
      requestId,
    };
  }
  return {
    message: asString(inner) ?? asString(record.message) ?? asString(record.detail),
    type: asString(record.type) === 'error' ? undefined : asString(record.type),
    code: asString(record.code),
    requestId,
  };
}

const contextLengthPattern =
  /context[_ ]length|context window|maximum context|prompt is too long|exceeds? (the )?context limit|too many tokens/i;
const quotaPattern =
  /insufficient[_ ]quota|exceeded your current quota|credit balance is too low|billing/i;
const contentFilterPattern = /content[_ ](filter|policy|management)|responsible ?ai|safety system/i;

/** Response headers worth keeping on an error: everything but cookies. */
function responseHeaders(headers: HeadersLike): Record<string, string> {
  const record = headersToRecord(headers);
  delete record['set-cookie'];
  return record;
}

/** Maps an error `type` from a body without a status (an in-band stream error) to its HTTP status. */
export function statusForErrorType(type: string | undefined): number {
  return match(type)
    .with('invalid_request_error', () => 400)
    .with('authentication_error', () => 401)
    .with('billing_error', 'insufficient_quota', () => 402)
    .with('permission_error', () => 403)
    .with('not_found_error', () => 404)
    .with('request_too_large', () => 413)
    .with('rate_limit_error', 'rate_limit_exceeded', 'tokens', 'requests', () => 429)
    .with('timeout_error', () => 504)
    .with('overloaded_error', () => 529)
    .otherwise(() => 500);
}

function describeWait(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ` The provider asks to wait ${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s before retrying.`;
}

/**
 * Turns a failed provider response into the right {@link LlmError} subclass,
 * with `isRetryable`, `retryAfterMs`, `requestId` and a message that says
 * what happened and what to do. One classifier serves every adapter, so the
 * same failure is the same error whichever adapter saw it.
 *
 * - 400/422: {@link ContextLengthExceededError} when the body says the prompt
 *   is too long (OpenAI `context_length_exceeded`, Anthropic "prompt is too
 *   long"), {@link ContentFilterError} for policy blocks, otherwise
 *   {@link InvalidRequestError};
 * - 401 {@link AuthenticationError}; 403 {@link PermissionDeniedError};
 *   404 {@link NotFoundError}; 408 and 504 {@link TimeoutError};
 * - 402, and 429 with `insufficient_quota` or a billing message:
 *   {@link RateLimitError} `quota-exhausted` (not retryable); other 429s:
 *   `throttled` (retryable, with `retryAfterMs` from {@link parseRetryAfter});
 * - 503 and 529 {@link OverloadedError}; 409 and other 5xx {@link ServerError}.
 *
 * An `x-should-retry: true|false` header overrides `isRetryable`.
 *
 * @param status HTTP status of the response.
 * @param headers Response headers.
 * @param body Response body: raw text or parsed JSON.
 */
export function classifyHttpFailure(
  status: number,
  headers: HeadersLike | undefined,
  body: unknown,
  context: FailureContext = {},
): LlmError {
  const fields = readErrorBody(body);
  const secrets = context.secrets ?? [];
  const providerName = context.provider ?? 'The provider';
  // Provider messages usually end with a period; ours adds sentences after it.
  const detail =
    fields.message === undefined
      ? ''
      : `: ${redactSecrets(fields.message, secrets).trim().replace(/\.+$/, '')}`;
  const isQuota =
    fields.type === 'insufficient_quota' ||
    fields.code === 'insufficient_quota' ||
    fields.type === 'billing_error' ||
    quotaPattern.test(fields.message ?? '');
  // Reset headers come with every OpenAI response; they mean "wait" only on a throttling 429.
  const retryAfterMs = parseRetryAfter(headers, {
    now: context.now,
    // Inside a 200 response they describe the quota, not this error.
    rateLimitResets: status === 429 && !isQuota && context.inBand !== true,
  });
  const shouldRetry = getHeader(headers, 'x-should-retry');
  const rawBody =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const options: LlmErrorOptions = {
    provider: context.provider,
    modelId: context.modelId,
    status: context.inBand === true ? undefined : status,
    requestId:
      getHeader(headers, 'x-request-id') ??
      getHeader(headers, 'request-id') ??
      getHeader(headers, 'apim-request-id') ??
      fields.requestId,
    retryAfterMs,
    cause: context.cause,
    responseBody: rawBody === undefined ? undefined : redactSecrets(rawBody, secrets),
    headers:
      context.inBand === true || headers === undefined ? undefined : responseHeaders(headers),
    isRetryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : undefined,
  };
  const modelLabel = context.modelId === undefined ? '' : ` (model '${context.modelId}')`;
  const head =
    context.inBand === true
      ? `${providerName} sent an error inside a successful response${modelLabel}${detail}`
      : `${providerName} returned HTTP ${status}${modelLabel}${detail}`;
  const signals = `${fields.type ?? ''} ${fields.code ?? ''} ${fields.message ?? ''}`;

  return match(status)
    .with(P.union(400, 413, 422), () => {
      if (fields.code === 'context_length_exceeded' || contextLengthPattern.test(signals)) {
        return new ContextLengthExceededError(
          `${head}. The conversation does not fit the model's context window: drop or summarise earlier messages, lower maxOutputTokens, or use a model with a larger window.`,
          options,
        );
      }
      if (contentFilterPattern.test(signals)) {
        return new ContentFilterError(
          `${head}. The provider's content filter blocked the request; rephrase the input.`,
          options,
        );
      }
      if (status === 400 && isQuota) {
        return new RateLimitError(
          `${head}. The account's quota or credit is exhausted; add credit or raise the limit. Retrying will not help.`,
          { ...options, kind: 'quota-exhausted' },
        );
      }
      const hint =
        status === 413
          ? ' The request body is too large: send fewer or smaller images and documents.'
          : ' Fix the request; sending it again unchanged will fail the same way.';
      return new InvalidRequestError(`${head}.${hint}`, options);
    })
    .with(
      401,
      () =>
        new AuthenticationError(
          `${head}. Check the API key configured for ${context.provider ?? 'this provider'}.`,
          options,
        ),
    )
    .with(
      402,
      () =>
        new RateLimitError(
          `${head}. The account's quota or credit is exhausted; add credit or raise the limit. Retrying will not help.`,
          {
            ...options,
            kind: 'quota-exhausted',
          },
        ),
    )
    .with(
      403,
      () =>
        new PermissionDeniedError(
          `${head}. The API key may not use this model or feature; check the key's project, organization and region.`,
          options,
        ),
    )
    .with(
      404,
      () =>
        new NotFoundError(
          `${head}. Check the model id and the base URL, and that the key has access to the model.`,
          options,
        ),
    )
    .with(
      P.union(408, 504),
      () =>
        new TimeoutError(`${head}. The provider timed out; retrying may succeed.`, {
          ...options,
          phase: 'request',
        }),
    )
    .with(429, () =>
      isQuota
        ? new RateLimitError(
            `${head}. The account's quota is exhausted; add credit or raise the limit. Retrying will not help.`,
            { ...options, kind: 'quota-exhausted' },
          )
        : new RateLimitError(
            `${head}. Rate limited: lower the request rate or retry later.${describeWait(retryAfterMs)}`,
            {
              ...options,
              kind: 'throttled',
            },
          ),
    )
    .with(
      P.union(503, 529),
      () =>
        new OverloadedError(
          `${head}. The provider is overloaded; retry later or fall back to another model.${describeWait(retryAfterMs)}`,
          options,
        ),
    )
    .when(
      (code) => code === 409 || code >= 500,
      () =>
        new ServerError(
          `${head}. The provider failed; retrying may succeed.${describeWait(retryAfterMs)}`,
          options,
        ),
    )
    .otherwise(
      () => new InvalidRequestError(`${head}. The provider rejected the request.`, options),
    );
}

/**
 * Classifies an error that arrived inside a response instead of as an HTTP
 * status: an SSE `error` event (Anthropic `{type:'error', error:{type:
 * 'overloaded_error'}}`, OpenAI `{error:{...}}`). The status is inferred
 * from the error's `type`.
 */
export function classifyErrorPayload(
  payload: unknown,
  headers: HeadersLike | undefined,
  context: FailureContext = {},
): LlmError {
  const fields = readErrorBody(payload);
  return classifyHttpFailure(statusForErrorType(fields.type ?? fields.code), headers, payload, {
    ...context,
    inBand: true,
  });
}
