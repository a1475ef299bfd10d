// Every recording under peers/fixtures loads and replays through the fake
// server byte for byte: status, content type and body, exchange by exchange.
import { peersDirStatus } from '@org/llm-test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { fault } from './fault.ts';
import { loadRecordedExchanges } from './load-recorded-exchanges.ts';
import { openai } from './openai-scripts.ts';
import { fixtureFiles, manifestFiles } from './test-support/fixture-files.ts';
import { openAIPayloads, postJson, sseEvents } from './test-support/wire-client.ts';

const peers = peersDirStatus();
if (!peers.found) {
  if (process.env.CI)
    throw new Error(`The fixture replay suite must run in CI, but ${peers.reason}.`);
  console.warn(`Skipping the fixture replay suite: ${peers.reason}.`);
}
const files = peers.found ? fixtureFiles(peers.dir) : [];

/** Checks that an SSE body is made of JSON data payloads (or [DONE]) and comments. */
function expectParsableStream(body: string): number {
  let payloads = 0;
  for (const event of sseEvents(body.replace(/\r\n/g, '\n'))) {
    for (const line of event.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice('data:'.length).trim();
      if (data !== '[DONE]') JSON.parse(data);
      payloads++;
    }
  }
  return payloads;
}

describe.skipIf(!peers.found)('replay of every recorded fixture', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
  });

  it('covers every file the MANIFEST lists, and nothing else', () => {
    expect(files).toEqual(manifestFiles(peers.found ? peers.dir : ''));
    expect(files).toHaveLength(64);
  });

  it.each(files)('%s', async (file) => {
    const wire = file.startsWith('openai/') ? 'openai' : 'anthropic';
    const exchanges = loadRecordedExchanges(file);
    expect(exchanges.length).toBeGreaterThan(0);
    const inWire = file.slice(wire.length + 1);
    server.enqueue(
      ...(wire === 'openai' ? openai.fixtureExchanges(inWire) : anthropic.fixtureExchanges(inWire)),
    );
    const url =
      wire === 'openai'
        ? `${server.openaiBaseURL}/chat/completions`
        : `${server.anthropicBaseURL}/v1/messages`;
    for (const exchange of exchanges) {
      const response = await postJson(url, exchange.request?.body ?? { model: 'recorded' });
      expect(response.status).toBe(exchange.response.status);
      expect(response.headers.get('content-type')).toBe(exchange.response.headers['content-type']);
      const body = await response.text();
      expect(body).toBe(exchange.response.body);
      if (exchange.response.headers['content-type']!.includes('text/event-stream')) {
        expect(expectParsableStream(body)).toBeGreaterThan(0);
      } else {
        expect(typeof JSON.parse(body)).toBe('object');
      }
    }
    expect(server.pendingScripts).toBe(0);
  });
});

describe.skipIf(!peers.found)('fixture scripts', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
  });

  const chat = (body: Record<string, unknown> = {}) =>
    postJson(`${server.openaiBaseURL}/chat/completions`, { model: 'gpt-4o', ...body });

  it('replays a .chunks.txt stream with framing and [DONE], as recorded whatever the request asks', async () => {
    server.enqueue(openai.fixture('vercel-ai/openai-text.chunks.txt'));
    const response = await chat({ stream: false });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_fake/);
    const payloads = openAIPayloads(await response.text());
    expect(payloads.at(-1)).toBe('[DONE]');
    expect(payloads.at(-2)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 16, completion_tokens: 300 },
    });
  });

  it('replays a recorded error body with the status it implies', async () => {
    server.enqueue(openai.fixture('vercel-ai/reasoning-model-legacy-parameter-error.json'));
    const response = await chat();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'unsupported_parameter', param: 'max_tokens' },
    });
  });

  it('keeps recorded headers (x-ratelimit-*, x-request-id) over the defaults', async () => {
    server.enqueue(openai.fixture('simonw-llm/test_tool_use_basic.yaml'));
    const response = await chat({ stream: true });
    expect(response.headers.get('x-request-id')).toBe('req_c3e995e7a86953713a6dc1b17e399fd5');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('2ms');
    await response.text();
  });

  it('picks one exchange of a cassette, and says which exist', async () => {
    server.enqueue(
      anthropic.fixture('anthropic-sdk-python/d743d628-16aa-4c9f-ae78-51deb578f746.json', {
        exchange: 2,
      }),
    );
    const response = await postJson(`${server.anthropicBaseURL}/v1/messages`, { model: 'm' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'message', stop_reason: 'end_turn' });
    expect(() =>
      anthropic.fixture('anthropic-sdk-python/d743d628-16aa-4c9f-ae78-51deb578f746.json', {
        exchange: 3,
      }),
    ).toThrow(
      'anthropic.fixture("anthropic-sdk-python/d743d628-16aa-4c9f-ae78-51deb578f746.json"): exchange 3 does not exist; the recording holds 3 (0 to 2).',
    );
  });

  it('applies faults to a replayed stream event by event', async () => {
    server.enqueue(
      openai.fixture(
        'openai-python/e2aad469b71d1d4894ff833ea147020a9d875eb7ce644a0ff355581690a4cbfd.bin',
        { fault: fault.cut(3) },
      ),
    );
    const events = sseEvents(await (await chat({ stream: true })).text());
    expect(events).toHaveLength(3);
    expect(events.join('\n')).not.toContain('[DONE]');
  });

  it('is loud when a fixture of one wire reaches the other', async () => {
    server.enqueue(anthropic.fixture('vercel-ai/anthropic-text.json'));
    expect(await (await chat()).text()).toContain(
      'it speaks the anthropic wire, this endpoint the openai wire',
    );
  });
});

describe.skipIf(!peers.found)('the recording formats of peers/fixtures', () => {
  it('decodes gzip bodies of VCR cassettes', () => {
    const exchanges = loadRecordedExchanges(
      'openai/simonw-llm/test_tool_use_chain_of_two_calls.yaml',
    );
    expect(exchanges).toHaveLength(3);
    for (const exchange of exchanges) {
      expect(exchange.response.headers).not.toHaveProperty('content-encoding');
      expect(JSON.parse(exchange.response.body)).toMatchObject({ object: 'chat.completion' });
      expect(exchange.request?.body).toMatchObject({ model: 'gpt-4o-mini' });
    }
  });

  it('reads anthropic-sdk-python exchange lists with their statuses and headers', () => {
    const exchanges = loadRecordedExchanges(
      'anthropic/anthropic-sdk-python/d743d628-16aa-4c9f-ae78-51deb578f746.json',
    );
    expect(exchanges.map((exchange) => exchange.response.status)).toEqual([429, 429, 200]);
    expect(exchanges[0]!.response.headers['x-should-retry']).toBe('true');
    expect(exchanges[0]!.request).toMatchObject({
      method: 'POST',
      url: 'https://api.anthropic.com/v1/messages',
    });
  });

  it('reads the nock recording with its raw headers', () => {
    const exchanges = loadRecordedExchanges('anthropic/anthropic-sdk-typescript/ToolRunner.json');
    expect(exchanges).toHaveLength(10);
    expect(exchanges[0]!.response.headers['request-id']).toBe('req_011CVLotQepAqEAyhJpvkpZN');
    expect(exchanges[0]!.request?.url).toBe('https://api.anthropic.com:443/v1/messages?beta=true');
  });

  it('reads every Jest snapshot of openai-node', () => {
    const streams = loadRecordedExchanges('openai/openai-node/ChatCompletionStream.test.ts.snap');
    expect(streams.map((exchange) => exchange.name)).toEqual([
      '.stream() emits content logprobs events 1',
      '.stream() emits refusal logprobs events 1',
      '.stream() works 1',
      '.stream() is robust against leading newline chunks 1',
    ]);
    expect(
      streams.every((exchange) =>
        exchange.response.headers['content-type']!.startsWith('text/event-stream'),
      ),
    ).toBe(true);
    const bodies = loadRecordedExchanges('openai/openai-node/parser.test.ts.snap');
    expect(bodies).toHaveLength(6);
    for (const exchange of bodies)
      expect(JSON.parse(exchange.response.body)).toMatchObject({ object: 'chat.completion' });
  });
});
