import type { IncomingHttpHeaders } from 'node:http';
import type { FakeEndpoint } from './fake-script.ts';

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
