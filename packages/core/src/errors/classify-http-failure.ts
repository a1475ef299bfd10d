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
import { redactError } from './redact-error.ts';
import { redactSecrets } from './redact-secrets.ts';
import { bodyScanLimit, summarizeResponseBody } from './summarize-response-body.ts';
import { TimeoutError } from './transport-errors.ts';

/** What the adapter knows about the failed call, copied onto the error. */
export interface FailureContext {
  /** Provider id, e.g. `openai`. */
  readonly provider?: string | undefined;
  /** Model id of the request. */
  readonly modelId?: string | undefined;
  /**
   * The underlying error (e.g. the vendor SDK's), kept as `cause` in the
   * redacted copy {@link redactError} makes: never the vendor object itself,
   * whose body, headers and stack may hold the key.
   */
  readonly cause?: unknown;
  /**
   * Exact secrets (API keys) to scrub, whatever their shape, from the
   * message, body, request id, headers and cause.
   */
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

/** Longest provider message kept in our message, in characters (after redaction). */
const maxDetailLength = 2000;
/** Longest request id kept, in characters (after redaction). */
const maxRequestIdLength = 200;

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
 * The body as text for `responseBody`: the raw text, or the JSON of a parsed
 * body (`undefined` when it cannot be written back, such as a payload nested
 * deeper than `JSON.stringify` can follow).
 */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || typeof body === 'string') return body;
  try {
    return JSON.stringify(body);
  } catch {
    return undefined;
  }
}

/**
 * Reads message, type and code from the error envelopes in the wild: OpenAI
 * and compatible servers (`{error:{message,type,code}}`), Anthropic
 * (`{type:'error', error:{type,message}, request_id}`), Ollama and others
 * (`{error:"..."}`), FastAPI-based servers (`{detail:"..."}`), or plain text
 * and HTML (then `message` is a short summary, see `summarizeResponseBody`).
 * Only the top two levels are read, so any JSON the parser accepts, however
 * deep, is classified. The message is not redacted yet.
 */
function readErrorBody(body: unknown): ErrorBodyFields {
  const parsed = parseBody(body);
  if (typeof parsed === 'string') {
    return { message: parsed, type: undefined, code: undefined, requestId: undefined };
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

/**
 * The provider's message, redacted and then cut: a plain-text or HTML body
 * becomes a short summary (an HTML page's title, never its markup).
 */
function describeDetail(
  message: string | undefined,
  fromText: boolean,
  contentType: string | undefined,
  secrets: readonly string[],
): string | undefined {
  if (message === undefined) return undefined;
  if (fromText) return summarizeResponseBody(message, { contentType, secrets, maxLength: 500 });
  const redacted = redactSecrets(message.slice(0, bodyScanLimit), secrets).trim();
  if (redacted === '') return undefined;
  return redacted.length > maxDetailLength ? `${redacted.slice(0, maxDetailLength)}...` : redacted;
}

const contextLengthPattern =
  /context[_ ]length|context window|maximum context|prompt is too long|exceeds? (the )?context limit|too many tokens/i;
const quotaPattern =
  /insufficient[_ ]quota|exceeded your current quota|credit balance is too low|billing/i;
const contentFilterPattern = /content[_ ](filter|policy|management)|responsible ?ai|safety system/i;

/** Response headers worth keeping on an error: everything but cookies, each value redacted. */
function responseHeaders(headers: HeadersLike, secrets: readonly string[]): Record<string, string> {
  const record = headersToRecord(headers);
  delete record['set-cookie'];
  for (const name of Object.keys(record)) record[name] = redactSecrets(record[name]!, secrets);
  return record;
}

/** The request id from the headers or the body, redacted and cut. */
export function readRequestId(
  headers: HeadersLike | undefined,
  fromBody: string | undefined,
  secrets: readonly string[],
): string | undefined {
  const id =
    getHeader(headers, 'x-request-id') ??
    getHeader(headers, 'request-id') ??
    getHeader(headers, 'apim-request-id') ??
    fromBody;
  if (id === undefined) return undefined;
  return redactSecrets(id.slice(0, bodyScanLimit), secrets).slice(0, maxRequestIdLength);
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
 * - 503 and 529 {@link OverloadedError}; 409 and any other status from 500
 *   to 999 (600 and above are not HTTP, but a server that sends one is
 *   broken) {@link ServerError};
 * - 3xx (a redirect that was not followed, e.g. without a `location`) and
 *   any other status: {@link InvalidRequestError}.
 *
 * The error always carries `status`. An `x-should-retry: true|false` header
 * overrides `isRetryable`. Secrets are removed from the message, the body,
 * the request id, the headers and the cause before anything is cut; an
 * HTML body (a proxy's error page) is summarised by its title in the
 * message. Only the top levels of a JSON body are read, so a payload nested
 * however deep is classified like any other.
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
  const fromText = typeof parseBody(body) === 'string';
  const summary = describeDetail(
    fields.message,
    fromText,
    getHeader(headers, 'content-type'),
    secrets,
  );
  // Provider messages usually end with a period; ours adds sentences after it.
  const detail = summary === undefined ? '' : `: ${summary.replace(/\.+$/, '')}`;
  const isQuota =
    fields.type === 'insufficient_quota' ||
    fields.code === 'insufficient_quota' ||
    fields.type === 'billing_error' ||
    quotaPattern.test(fields.message?.slice(0, bodyScanLimit) ?? '');
  // Reset headers come with every OpenAI response; they mean "wait" only on a throttling 429.
  const retryAfterMs = parseRetryAfter(headers, {
    now: context.now,
    // Inside a 200 response they describe the quota, not this error.
    rateLimitResets: status === 429 && !isQuota && context.inBand !== true,
  });
  const shouldRetry = getHeader(headers, 'x-should-retry');
  const rawBody = bodyText(body);
  const options: LlmErrorOptions = {
    provider: context.provider,
    modelId: context.modelId,
    status: context.inBand === true ? undefined : status,
    requestId: readRequestId(headers, fields.requestId, secrets),
    retryAfterMs,
    cause: context.cause === undefined ? undefined : redactError(context.cause, secrets),
    // Redacted before the error cuts it to 2,000 characters.
    responseBody:
      rawBody === undefined ? undefined : redactSecrets(rawBody.slice(0, bodyScanLimit), secrets),
    headers:
      context.inBand === true || headers === undefined
        ? undefined
        : responseHeaders(headers, secrets),
    isRetryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : undefined,
  };
  const modelLabel = context.modelId === undefined ? '' : ` (model '${context.modelId}')`;
  const head =
    context.inBand === true
      ? `${providerName} sent an error inside a successful response${modelLabel}${detail}`
      : `${providerName} returned HTTP ${status}${modelLabel}${detail}`;
  const signals = `${fields.type ?? ''} ${fields.code ?? ''} ${fields.message?.slice(0, bodyScanLimit) ?? ''}`;

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
    .when(
      (code) => code >= 300 && code < 400,
      () =>
        new InvalidRequestError(
          `${head}. A redirect that was not followed (it names no usable location): check the base URL.`,
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
