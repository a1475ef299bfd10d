// VCR cassettes (pydantic-ai, simonw/llm): YAML with interactions[].request
// and interactions[].response. Bodies are raw strings (`body` / `body.string`,
// possibly gzip bytes tagged !!binary) or re-serialised JSON (`parsed_body`).
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { FakeServerError } from './fake-server-error.ts';
import {
  headerText,
  normalizeHeaders,
  parseMaybeJson,
  type RecordedExchange,
} from './recorded-exchange.ts';

interface CassetteSide {
  readonly headers?: unknown;
  readonly body?: unknown;
  readonly parsed_body?: unknown;
}

interface Interaction {
  readonly request?: CassetteSide & { readonly method?: string; readonly uri?: string };
  readonly response?: CassetteSide & { readonly status?: { readonly code?: number } };
}

/** One header of a recorded side, whatever its case, before normalisation drops it. */
function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name)
      return Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);
  }
  return undefined;
}

/** The body text of one side: `parsed_body` re-serialised, or `body`/`body.string` decoded. */
function bodyText(side: CassetteSide, where: string): string | undefined {
  if (side.parsed_body !== undefined) return JSON.stringify(side.parsed_body);
  const body = side.body;
  const raw: unknown =
    typeof body === 'object' && body !== null && !(body instanceof Uint8Array)
      ? (body as { string?: unknown }).string
      : body;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) {
    const bytes = Buffer.from(raw);
    const encoding = headerValue(side.headers, 'content-encoding');
    return (encoding?.includes('gzip') === true ? gunzipSync(bytes) : bytes).toString('utf8');
  }
  throw new FakeServerError(`${where}: the body is neither text nor bytes.`);
}

/** Reads every interaction of a VCR cassette. */
export function parseVcrCassette(text: string, fileName: string): RecordedExchange[] {
  const document = parse(text) as { interactions?: readonly Interaction[] } | null;
  const found = document?.interactions;
  if (!Array.isArray(found)) {
    throw new FakeServerError(`${fileName} is not a VCR cassette: it has no interactions list.`);
  }
  const interactions: readonly Interaction[] = found;
  return interactions.map((interaction, index) => {
    const where = `${fileName} interaction ${String(index + 1)}`;
    const { request, response } = interaction;
    if (response?.status?.code === undefined)
      throw new FakeServerError(`${where} has no response status.`);
    const headers = normalizeHeaders(response.headers);
    const body = bodyText(response, where) ?? '';
    headers['content-type'] ??= 'application/json';
    const requestBody = request === undefined ? undefined : bodyText(request, where);
    return {
      name: `${fileName} #${String(index + 1)}`,
      request:
        request === undefined
          ? undefined
          : {
              method: (request.method ?? 'POST').toUpperCase(),
              url: request.uri ?? '',
              headers: normalizeHeaders(request.headers),
              body: requestBody === undefined ? undefined : parseMaybeJson(requestBody),
            },
      response: { status: response.status.code, headers, body },
    };
  });
}
