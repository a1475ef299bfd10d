import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { FakeServerError } from './fake-server-error.ts';
import { openAISseEvent } from './openai-wire.ts';
import { parseJestSnapshot } from './parse-jest-snapshot.ts';
import { parseVcrCassette } from './parse-vcr-cassette.ts';
import {
  impliedStatus,
  normalizeHeaders,
  parseMaybeJson,
  type RecordedExchange,
} from './recorded-exchange.ts';
import { eventStreamType } from './wire-common.ts';

const anthropicEventTypes = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

/**
 * A `.chunks.txt` file (one SSE data payload per line, framing stripped),
 * framed again as its provider sends it: `data: …` lines and `data: [DONE]`
 * for OpenAI, `event: <type>` and `data: …` lines for Anthropic.
 */
function readChunks(text: string, fileName: string): RecordedExchange[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const payloads = lines.map((line, index) => {
    try {
      return JSON.parse(line) as { type?: unknown };
    } catch {
      throw new FakeServerError(
        `${fileName} line ${String(index + 1)} is not JSON: a .chunks.txt file holds one JSON payload per line.`,
      );
    }
  });
  const anthropic =
    payloads.length > 0 &&
    payloads.every(
      (payload) => typeof payload.type === 'string' && anthropicEventTypes.has(payload.type),
    );
  // The recorded line is kept byte for byte as the data field.
  const body = anthropic
    ? lines
        .map((line, index) => `event: ${String(payloads[index]!.type)}\ndata: ${line}\n\n`)
        .join('')
    : `${lines.map((line) => openAISseEvent(line)).join('')}${openAISseEvent('[DONE]')}`;
  return [
    {
      name: fileName,
      response: { status: 200, headers: { 'content-type': eventStreamType }, body },
    },
  ];
}

/** A `.json` file: one response body, or a list of exchanges (anthropic-sdk-python, nock). */
function readJson(text: string, fileName: string): RecordedExchange[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) {
    return [
      {
        name: fileName,
        response: {
          status: impliedStatus(parsed),
          headers: { 'content-type': 'application/json' },
          body: text,
        },
      },
    ];
  }
  return parsed.map((item: unknown, index): RecordedExchange => {
    const entry = item as Record<string, unknown>;
    const name = `${fileName} #${String(index + 1)}`;
    const serialise = (body: unknown): string =>
      typeof body === 'string' ? body : JSON.stringify(body);
    if ('scope' in entry) {
      // nock recording: {scope, method, path, body, status, response, rawHeaders}
      const headers = normalizeHeaders(entry.rawHeaders);
      headers['content-type'] ??= 'application/json';
      return {
        name,
        request: {
          method: (typeof entry.method === 'string' ? entry.method : 'POST').toUpperCase(),
          url: `${typeof entry.scope === 'string' ? entry.scope : ''}${typeof entry.path === 'string' ? entry.path : ''}`,
          headers: {},
          body: entry.body,
        },
        response: { status: Number(entry.status ?? 200), headers, body: serialise(entry.response) },
      };
    }
    const request = entry.request as
      { method?: string; url?: string; headers?: unknown; body?: unknown } | undefined;
    const response = entry.response as
      { status_code?: number; headers?: unknown; body?: unknown } | undefined;
    if (response?.status_code === undefined) {
      throw new FakeServerError(
        `${name}: expected {request, response: {status_code, headers, body}} or a nock entry.`,
      );
    }
    const headers = normalizeHeaders(response.headers);
    headers['content-type'] ??= 'application/json';
    return {
      name,
      request:
        request === undefined
          ? undefined
          : {
              method: (request.method ?? 'POST').toUpperCase(),
              url: request.url ?? '',
              headers: normalizeHeaders(request.headers),
              body: typeof request.body === 'string' ? parseMaybeJson(request.body) : request.body,
            },
      response: { status: response.status_code, headers, body: serialise(response.body) },
    };
  });
}

/**
 * Resolves a recording path: an absolute path as it is; a relative one under
 * `$LLM_PEERS_DIR/fixtures/<under>/`, the folder of recordings a test suite
 * shares (in this repository, the peers folder of recorded real API calls).
 */
export function resolveFixturePath(path: string, under = ''): string {
  if (isAbsolute(path)) return path;
  const peers = process.env.LLM_PEERS_DIR;
  if (peers === undefined || peers === '') {
    throw new FakeServerError(
      `Cannot read the recording ${path}: a relative path is read under $LLM_PEERS_DIR/fixtures/, and LLM_PEERS_DIR is unset. Set LLM_PEERS_DIR to the folder that holds fixtures/, or pass an absolute path.`,
    );
  }
  return join(resolve(peers), 'fixtures', under, path);
}

/**
 * Reads a recorded provider response file in any format of peers/fixtures
 * (see its MANIFEST) as a list of exchanges, ready to replay with
 * `openai.raw(exchange.response)` or `openai.fixture(path, { exchange })`:
 *
 * - `.chunks.txt`: one SSE data payload per line, framed again for its
 *   provider (OpenAI with `data: [DONE]`, Anthropic with `event:` lines);
 * - `.json`: a response body (status 200, or the one its error envelope
 *   implies), or a list of exchanges (anthropic-sdk-python, nock);
 * - `.bin`, `.txt`: a raw SSE body;
 * - `.yaml`, `.yml`: a VCR cassette (`parsed_body` is re-serialised as JSON;
 *   gzip bodies are decoded);
 * - `.snap`: a Jest snapshot file, one exchange per string snapshot.
 *
 * @param path An absolute path, or a path under `$LLM_PEERS_DIR/fixtures/`
 *   (`openai/simonw-llm/test_tool_use_basic.yaml`).
 * @throws {FakeServerError} when the file is missing or not in a known format.
 */
export function loadRecordedExchanges(path: string): RecordedExchange[] {
  const file = resolveFixturePath(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FakeServerError(`Cannot read the recording ${file}: ${(error as Error).message}`);
  }
  const fileName = basename(file);
  if (fileName.endsWith('.chunks.txt')) return readChunks(text, fileName);
  if (/\.(ya?ml)$/.test(fileName)) return parseVcrCassette(text, fileName);
  if (fileName.endsWith('.snap')) return parseJestSnapshot(text, fileName);
  if (fileName.endsWith('.json')) return readJson(text, fileName);
  if (/\.(bin|txt)$/.test(fileName)) {
    return [
      {
        name: fileName,
        response: { status: 200, headers: { 'content-type': eventStreamType }, body: text },
      },
    ];
  }
  throw new FakeServerError(
    `Unknown recording format: ${fileName}. Use .chunks.txt, .json, .bin, .txt (raw SSE), .yaml (VCR cassette) or .snap (Jest snapshot).`,
  );
}
