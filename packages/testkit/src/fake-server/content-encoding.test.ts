import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import type { FakeContentEncoding } from './fake-script.ts';
import { fault } from './fault.ts';
import { openai } from './openai-scripts.ts';
import { openAIPayloads, postJson } from './test-support/wire-client.ts';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const url = () => `${server.openaiBaseURL}/chat/completions`;

/** The raw (still compressed) response of a POST, with Node's http client, which decodes nothing. */
function rawPost(body: unknown): Promise<{ headers: Record<string, unknown>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url(), { method: 'POST' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ headers: res.headers, bytes: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const encodings: readonly FakeContentEncoding[] = ['gzip', 'deflate', 'br', 'zstd'];

describe('contentEncoding', () => {
  it('compresses a JSON body and announces it', async () => {
    server.enqueue(openai.text('Hello compressed world', { contentEncoding: 'gzip' }));
    const { headers, bytes } = await rawPost({ model: 'gpt-4o-mini' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(Number(headers['content-length'])).toBe(bytes.length);
    const body = JSON.parse(gunzipSync(bytes).toString('utf8')) as {
      choices: { message: { content: string } }[];
    };
    expect(body.choices[0]!.message.content).toBe('Hello compressed world');
  });

  it.each(encodings)('sends %s that fetch decodes, for a body and a stream', async (encoding) => {
    server.enqueue(
      openai.text('Hello compressed world', { contentEncoding: encoding }),
      openai.text('Hello compressed world', { contentEncoding: encoding }),
    );
    const json = (await (await postJson(url(), { model: 'm' })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(json.choices[0]!.message.content).toBe('Hello compressed world');
    const events = openAIPayloads(await (await postJson(url(), { stream: true })).text());
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('flushes every event, so a stream decodes as it arrives', async () => {
    server.enqueue(
      openai.text('one two three', {
        contentEncoding: 'gzip',
        fault: fault.stall(60_000, { afterChunks: 2 }),
      }),
    );
    const response = await postJson(url(), { stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The server holds the rest back: only per-event flushes let these two arrive.
    while ((text.match(/\n\n/g) ?? []).length < 2) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended early');
      text += decoder.decode(value, { stream: true });
    }
    expect(openAIPayloads(text)).toHaveLength(2);
    await reader.cancel();
  });

  it('refuses an encoding it does not know', () => {
    expect(() => openai.text('x', { contentEncoding: 'compress' as FakeContentEncoding })).toThrow(
      'contentEncoding must be gzip, deflate, br or zstd, got "compress"',
    );
  });
});
