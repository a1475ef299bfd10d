import { readRequestId } from './classify-http-failure.ts';
import type { HeadersLike } from './headers-like.ts';
import { redactSecrets } from './redact-secrets.ts';
import { bodyScanLimit, summarizeResponseBody } from './summarize-response-body.ts';
import { ResponseValidationError } from './transport-errors.ts';

/** A successful answer whose body is not what the request asked for; see {@link unexpectedBodyError}. */
export interface UnexpectedBody {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** HTTP status of the answer (a 2xx). */
  readonly status: number;
  /** The answer's `content-type`, if it sent one. */
  readonly contentType: string | undefined;
  /** The answer's headers, for the request id. */
  readonly headers?: HeadersLike | undefined;
  /** The body, or as much of it as was read. */
  readonly body: string;
  /** What the request expected: a JSON body, or an event stream. */
  readonly expected: 'json' | 'event-stream';
  /** Exact secrets (API keys) to remove, whatever their shape. */
  readonly secrets: readonly string[];
}

/**
 * The {@link ResponseValidationError} of a 2xx answer that is not what the
 * request asked for: a body that is not JSON, or a stream request answered
 * with something that is neither an event stream nor JSON (a captive
 * portal's HTML page, a proxy's plain text). The message names the content
 * type and gives a short, redacted summary of the body (an HTML page by its
 * title); `responseBody` keeps the body, redacted before it is cut, and
 * `requestId` the request id header; no parser error is kept, since its
 * message quotes the body unredacted.
 */
export function unexpectedBodyError(answer: UnexpectedBody): ResponseValidationError {
  const { provider, modelId, contentType, secrets } = answer;
  const summary = summarizeResponseBody(answer.body, { contentType, secrets, maxLength: 200 });
  const type = contentType === undefined ? 'no content type' : `content type '${contentType}'`;
  const message =
    answer.expected === 'json'
      ? `${provider} answered '${modelId}' with a body that is not JSON (${type}): ${summary ?? 'an empty body'}.`
      : `${provider} answered a stream request for '${modelId}' with ${type} instead of text/event-stream${summary === undefined ? '' : `: ${summary}`}. A proxy, a captive portal or a wrong baseURL may have answered.`;
  return new ResponseValidationError(message, {
    provider,
    modelId,
    status: answer.status,
    requestId: readRequestId(answer.headers, undefined, secrets),
    responseBody: redactSecrets(answer.body.slice(0, bodyScanLimit), secrets),
  });
}
