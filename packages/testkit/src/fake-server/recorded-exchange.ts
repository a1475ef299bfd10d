import { anthropicErrorStatuses } from './anthropic-wire.ts';

/** The request side of a recorded exchange, when the recording kept it. */
export interface RecordedExchangeRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The full URL as recorded (`https://api.openai.com/v1/chat/completions`). */
  readonly url: string;
  /** Request headers, names in lower case (the recordings scrub credentials). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body: parsed JSON when it is JSON, else its text, or `undefined` when none was recorded. */
  readonly body: unknown;
}

/** The response side of a recorded exchange. */
export interface RecordedExchangeResponse {
  /** HTTP status (recorded, or implied by an error envelope for body-only files). */
  readonly status: number;
  /**
   * Response headers, names in lower case, repeated ones joined with `, `.
   * Headers that no longer describe `body` are dropped: `content-length`,
   * `content-encoding` (bodies are stored decoded), `transfer-encoding`,
   * `connection` and `keep-alive`. `content-type` is always present.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text: exact bytes for raw recordings, re-serialised JSON for YAML `parsed_body`. */
  readonly body: string;
}

/** One recorded HTTP exchange, from any recording format of peers/fixtures. */
export interface RecordedExchange {
  /** A name for test titles: the snapshot key, or `<file> #<n>` for cassettes. */
  readonly name: string;
  /** The request, when the format records it (cassettes, exchange lists, nock). */
  readonly request?: RecordedExchangeRequest | undefined;
  /** The response. */
  readonly response: RecordedExchangeResponse;
}

const droppedHeaders = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/** A recorded header value as text (cassettes may store numbers). */
export function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Lower-cases names, joins repeated values and drops headers that do not describe a decoded body. */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: unknown): void => {
    const key = name.toLowerCase();
    if (droppedHeaders.has(key) || value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);
    out[key] = key in out ? `${out[key]!}, ${text}` : text;
  };
  if (Array.isArray(headers)) {
    // nock's flat rawHeaders: [name, value, name, value, …]
    for (let index = 0; index + 1 < headers.length; index += 2)
      add(String(headers[index]), headers[index + 1]);
  } else if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const openAIStatusByCode: Readonly<Record<string, number>> = {
  model_not_found: 404,
  invalid_api_key: 401,
  insufficient_quota: 429,
  rate_limit_exceeded: 429,
};
const openAIStatusByType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  insufficient_quota: 429,
  requests: 429,
  tokens: 429,
  server_error: 500,
};

/**
 * The status a body-only recording implies: 200, or for an error envelope
 * the status the provider sends with it (OpenAI `{error:{type,code}}`,
 * Anthropic `{type:'error', error:{type}}`).
 */
export function impliedStatus(body: unknown): number {
  const record = asRecord(body);
  const error = asRecord(record?.error);
  if (record === undefined || error === undefined) return 200;
  if (record.type === 'error' && typeof error.type === 'string') {
    return (
      (anthropicErrorStatuses as Readonly<Record<string, number | undefined>>)[error.type] ?? 500
    );
  }
  const byCode = typeof error.code === 'string' ? openAIStatusByCode[error.code] : undefined;
  const byType = typeof error.type === 'string' ? openAIStatusByType[error.type] : undefined;
  return byCode ?? byType ?? 400;
}

/** Parses JSON text, or returns the text itself when it is not JSON. */
export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
