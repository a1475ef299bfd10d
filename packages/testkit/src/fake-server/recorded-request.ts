import type { IncomingHttpHeaders } from 'node:http';
import type {
  AnthropicCountTokensRequestBody,
  AnthropicMessagesRequestBody,
} from './anthropic-request-body.ts';
import { FakeServerError } from './fake-server-error.ts';
import type { FakeEndpoint } from './fake-script.ts';
import type { OpenAIChatRequestBody } from './openai-request-body.ts';

/** The request body type of each wire endpoint, as {@link RecordedRequest.bodyAs} returns it. */
export interface FakeRequestBodies {
  /** `POST …/chat/completions`. */
  readonly 'openai-chat': OpenAIChatRequestBody;
  /** `POST /v1/messages`. */
  readonly 'anthropic-messages': AnthropicMessagesRequestBody;
  /** `POST /v1/messages/count_tokens`. */
  readonly 'anthropic-count-tokens': AnthropicCountTokensRequestBody;
}

/** One HTTP request the fake server received, as recorded in `server.requests`. */
export interface RecordedRequest {
  /** HTTP method, upper case (`POST`). */
  readonly method: string;
  /** Path without the query string (`/v1/messages`). */
  readonly path: string;
  /** Query string with its leading `?` (`?beta=true`), or `''`. */
  readonly search: string;
  /**
   * Request headers, names in lower case, repeated headers joined with `, `.
   * Secrets are masked: `authorization`, `x-api-key` and `api-key` keep their
   * scheme and, for values of 12 characters or more, the last 4 characters
   * (`Bearer ***cdef`), so a test can tell which key was sent without the key
   * ever reaching a snapshot or a log.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly body: unknown;
  /** The exact body text as received (UTF-8). */
  readonly rawBody: string;
  /** The wire endpoint the request was routed to, or `undefined` for an unknown route. */
  readonly endpoint: FakeEndpoint | undefined;
  /**
   * The JSON body typed as the request body of `endpoint`, so a test reads
   * its fields without a cast:
   *
   * ```ts
   * const body = server.lastRequest.bodyAs('openai-chat');
   * expect(body.messages.map((message) => message.role)).toEqual(['system', 'user']);
   * ```
   *
   * The type describes the wire; the server does not check the body against
   * it, so a field the client got wrong shows up in the test's assertion.
   *
   * @throws {FakeServerError} when the request went to another endpoint, or
   *   its body is not a JSON object.
   */
  bodyAs<E extends FakeEndpoint>(endpoint: E): FakeRequestBodies[E];
}

/** The fields the server records; {@link recordRequest} adds `bodyAs`. */
export type RecordedRequestFields = Omit<RecordedRequest, 'bodyAs'>;

/**
 * A {@link RecordedRequest} from the recorded fields. `bodyAs` is not
 * enumerable, so `toEqual`, snapshots and spreads see the fields only.
 */
export function recordRequest(fields: RecordedRequestFields): RecordedRequest {
  const request = { ...fields } as RecordedRequest;
  Object.defineProperty(request, 'bodyAs', {
    enumerable: false,
    value: <E extends FakeEndpoint>(endpoint: E): FakeRequestBodies[E] => {
      const target = `${fields.method} ${fields.path}${fields.search}`;
      if (fields.endpoint !== endpoint) {
        const actual =
          fields.endpoint === undefined ? 'no wire endpoint' : `the ${fields.endpoint} endpoint`;
        throw new FakeServerError(
          `bodyAs('${endpoint}'): the request ${target} went to ${actual}, not ${endpoint}.`,
        );
      }
      const body = fields.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        const shown =
          fields.rawBody.length > 80 ? `${fields.rawBody.slice(0, 80)}…` : fields.rawBody;
        throw new FakeServerError(
          `bodyAs('${endpoint}'): the body of ${target} is not a JSON object: ${JSON.stringify(shown)}.`,
        );
      }
      return body as FakeRequestBodies[E];
    },
  });
  return request;
}

const secretHeaders = new Set(['authorization', 'x-api-key', 'api-key']);

/** Masks a credential, keeping an auth scheme word and the last 4 characters of long secrets. */
export function maskSecret(value: string): string {
  const match = /^(\w+\s+)(.*)$/s.exec(value);
  const scheme = match?.[1] ?? '';
  const secret = match?.[2] ?? value;
  const hint = secret.length >= 12 ? secret.slice(-4) : '';
  return `${scheme}***${hint}`;
}

/** Lower-cased, joined and masked copy of Node's incoming headers. */
export function recordHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    const key = name.toLowerCase();
    out[key] = secretHeaders.has(key) ? maskSecret(joined) : joined;
  }
  return out;
}

/** Parses a body as JSON, or `undefined` when it is empty or not JSON. */
export function parseJsonBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}
