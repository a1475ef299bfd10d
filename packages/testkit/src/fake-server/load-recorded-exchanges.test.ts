import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeServerError } from './fake-server-error.ts';
import { splitSseEvents } from './fixture-script.ts';
import { loadRecordedExchanges } from './load-recorded-exchanges.ts';

const scratch = mkdtempSync(join(tmpdir(), 'fake-server-recordings-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const write = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

describe("loadRecordedExchanges on files of one's own (absolute paths)", () => {
  it('frames OpenAI .chunks.txt lines as data events and adds [DONE]', () => {
    const path = write('a.chunks.txt', '{"id":"1","choices":[]}\n{"id":"2","choices":[]}\n');
    expect(loadRecordedExchanges(path)).toEqual([
      {
        name: 'a.chunks.txt',
        response: {
          status: 200,
          headers: { 'content-type': 'text/event-stream; charset=utf-8' },
          body: 'data: {"id":"1","choices":[]}\n\ndata: {"id":"2","choices":[]}\n\ndata: [DONE]\n\n',
        },
      },
    ]);
  });

  it('frames Anthropic .chunks.txt lines with event: lines, keeping each line byte for byte', () => {
    const path = write(
      'b.chunks.txt',
      '{"type":"message_start","message":{}}\n{"type": "ping"}\n{"type":"message_stop"}',
    );
    expect(loadRecordedExchanges(path)[0]!.response.body).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{}}\n\nevent: ping\ndata: {"type": "ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('infers the status of body-only error envelopes', () => {
    const status = (body: unknown) =>
      loadRecordedExchanges(write('e.json', JSON.stringify(body)))[0]!.response.status;
    expect(status({ id: 'chatcmpl-1' })).toBe(200);
    expect(status({ error: { type: 'invalid_request_error', code: 'model_not_found' } })).toBe(404);
    expect(status({ error: { type: 'invalid_request_error', code: null } })).toBe(400);
    expect(status({ error: { type: 'insufficient_quota', code: 'insufficient_quota' } })).toBe(429);
    expect(status({ error: { type: 'server_error' } })).toBe(500);
    expect(
      status({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ).toBe(529);
    expect(status({ type: 'error', error: { type: 'not_found_error', message: 'x' } })).toBe(404);
  });

  it('reads VCR cassettes, normalising headers and re-serialising parsed bodies', () => {
    const path = write(
      'c.yaml',
      [
        'interactions:',
        '- request:',
        '    method: post',
        '    uri: https://api.openai.com/v1/chat/completions',
        '    headers:',
        '      Content-Type: [application/json]',
        '    parsed_body: {model: gpt-4o, stream: false}',
        '  response:',
        '    status: {code: 404, message: Not Found}',
        '    headers:',
        '      Content-Length: ["10"]',
        '      X-Request-ID: [req_1]',
        '      Set-Cookie: [a=1, b=2]',
        '    parsed_body: {error: {message: nope, type: invalid_request_error, param: null, code: model_not_found}}',
        'version: 1',
      ].join('\n'),
    );
    expect(loadRecordedExchanges(path)).toEqual([
      {
        name: 'c.yaml #1',
        request: {
          method: 'POST',
          url: 'https://api.openai.com/v1/chat/completions',
          headers: { 'content-type': 'application/json' },
          body: { model: 'gpt-4o', stream: false },
        },
        response: {
          status: 404,
          headers: {
            'x-request-id': 'req_1',
            'set-cookie': 'a=1, b=2',
            'content-type': 'application/json',
          },
          body: '{"error":{"message":"nope","type":"invalid_request_error","param":null,"code":"model_not_found"}}',
        },
      },
    ]);
  });

  it('reads nock recordings with flat rawHeaders', () => {
    const path = write(
      'n.json',
      JSON.stringify([
        {
          scope: 'https://api.anthropic.com:443',
          method: 'POST',
          path: '/v1/messages',
          body: { model: 'm' },
          status: 200,
          response: { type: 'message' },
          rawHeaders: ['Content-Type', 'application/json', 'request-id', 'req_9'],
        },
      ]),
    );
    expect(loadRecordedExchanges(path)[0]).toEqual({
      name: 'n.json #1',
      request: {
        method: 'POST',
        url: 'https://api.anthropic.com:443/v1/messages',
        headers: {},
        body: { model: 'm' },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'request-id': 'req_9' },
        body: '{"type":"message"}',
      },
    });
  });

  it("reads Jest snapshots, undoing Jest's escapes", () => {
    const path = write(
      'd.snap',
      '// Jest Snapshot v1\n\nexports[`stream \\`x\\` 1`] = `\n"data: {"content":"{\\\\"a\\\\""}\n\ndata: [DONE]\n\n"\n`;\n\nexports[`json 1`] = `\n"{\n  "id": "1"\n}\n"\n`;\n',
    );
    const [stream, json] = loadRecordedExchanges(path);
    expect(stream).toEqual({
      name: 'stream `x` 1',
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8' },
        body: 'data: {"content":"{\\"a\\""}\n\ndata: [DONE]\n\n',
      },
    });
    expect(JSON.parse(stream!.response.body.split('\n')[0]!.slice(6))).toEqual({ content: '{"a"' });
    expect(json!.response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{\n  "id": "1"\n}\n',
    });
  });

  it('says what is wrong with a file it cannot read', () => {
    expect(() => loadRecordedExchanges(join(scratch, 'missing.json'))).toThrow(FakeServerError);
    expect(() => loadRecordedExchanges(join(scratch, 'missing.json'))).toThrow(
      /Cannot read the recording .*missing\.json/,
    );
    expect(() => loadRecordedExchanges(write('x.har', '{}'))).toThrow(
      'Unknown recording format: x.har.',
    );
    expect(() => loadRecordedExchanges(write('bad.chunks.txt', 'data: {}\n'))).toThrow(
      'bad.chunks.txt line 1 is not JSON',
    );
    expect(() => loadRecordedExchanges(write('bad.yaml', 'a: 1\n'))).toThrow(
      'bad.yaml is not a VCR cassette',
    );
    expect(() => loadRecordedExchanges(write('bad.snap', '// nothing\n'))).toThrow(
      'bad.snap holds no Jest snapshot.',
    );
  });
});

describe('splitSseEvents', () => {
  it('keeps each event with its terminator and any unterminated tail', () => {
    expect(splitSseEvents('data: a\n\n: c\r\n\r\ndata: b')).toEqual([
      'data: a\n\n',
      ': c\r\n\r\n',
      'data: b',
    ]);
    expect(splitSseEvents('')).toEqual([]);
  });
});

describe('relative recording paths', () => {
  it('are read under $LLM_PEERS_DIR/fixtures/', () => {
    const dir = join(scratch, 'shared-recordings');
    mkdirSync(join(dir, 'fixtures', 'openai'), { recursive: true });
    writeFileSync(join(dir, 'fixtures', 'openai', 'hello.chunks.txt'), '{"id":"1","choices":[]}\n');
    vi.stubEnv('LLM_PEERS_DIR', dir);
    expect(loadRecordedExchanges('openai/hello.chunks.txt')).toMatchObject([
      { name: 'hello.chunks.txt', response: { status: 200 } },
    ]);
  });

  it('say what to set when LLM_PEERS_DIR is unset', () => {
    vi.stubEnv('LLM_PEERS_DIR', '');
    expect(() => loadRecordedExchanges('openai/vercel-ai/openai-text.json')).toThrow(
      new FakeServerError(
        'Cannot read the recording openai/vercel-ai/openai-text.json: a relative path is read under $LLM_PEERS_DIR/fixtures/, and LLM_PEERS_DIR is unset. Set LLM_PEERS_DIR to the folder that holds fixtures/, or pass an absolute path.',
      ),
    );
  });

  it('name the file that is missing', () => {
    vi.stubEnv('LLM_PEERS_DIR', scratch);
    expect(() => loadRecordedExchanges('openai/missing.json')).toThrow(
      `Cannot read the recording ${join(scratch, 'fixtures', 'openai', 'missing.json')}`,
    );
  });
});
