import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { fault } from './fault.ts';
import { openai } from './openai-scripts.ts';
import { postJson, sseEvents } from './test-support/wire-client.ts';

const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const openAIUrl = () => `${server.openaiBaseURL}/chat/completions`;
const bearer = { authorization: `Bearer ${key}` };

describe('the echo-key fault', () => {
  it('echoes the key in the headers and in a JSON error body, which stays an envelope', async () => {
    server.enqueue(openai.error(401, { message: 'Incorrect API key', fault: fault.echoKey() }));
    const response = await postJson(openAIUrl(), { model: 'gpt-4o-mini' }, bearer);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe(`req_${key}`);
    expect(response.headers.get('x-echoed-authorization')).toBe(`Bearer ${key}`);
    expect(response.headers.get('www-authenticate')).toContain(key);
    const body = (await response.json()) as Record<string, { message?: string }>;
    expect(body.request_id).toBe(`req_${key}`);
    expect(body.error!.message).toBe(
      `Incorrect API key (the request carried Authorization: Bearer ${key})`,
    );
    expect(body.echo).toEqual({ authorization: `Bearer ${key}`, 'x-api-key': key });
    // What the fake server records stays masked.
    expect(server.lastRequest.headers.authorization).toBe('Bearer ***8f90');
  });

  it('echoes the key of x-api-key into an Anthropic error and an HTML page', async () => {
    server.enqueue(
      anthropic.error(403, { message: 'no', fault: fault.echoKey() }),
      anthropic.raw({
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head></html>',
        fault: fault.echoKey(),
      }),
    );
    const url = `${server.anthropicBaseURL}/v1/messages`;
    const json = await postJson(url, { model: 'claude' }, { 'x-api-key': key });
    expect(((await json.json()) as { error: { message: string } }).error.message).toContain(key);
    const html = await (await postJson(url, { model: 'claude' }, { 'x-api-key': key })).text();
    expect(html).toContain(`<title>502 Bad Gateway ${key}</title>`);
    expect(html).toContain(`Authorization: Bearer ${key}`);
  });

  it('echoes the key into stream error events and malformed events, not into content', async () => {
    server.enqueue(
      openai.streamError(
        { message: 'boom', type: 'server_error' },
        { afterChunks: 2, fault: fault.echoKey() },
      ),
      openai.text('Hello there', { fault: [fault.malformed(1), fault.echoKey()] }),
    );
    const failing = sseEvents(await (await postJson(openAIUrl(), { stream: true }, bearer)).text());
    expect(failing.slice(0, 2).join('')).not.toContain(key);
    expect(failing[2]).toContain(`boom (the request carried Authorization: Bearer ${key})`);
    const malformed = sseEvents(
      await (await postJson(openAIUrl(), { stream: true }, bearer)).text(),
    );
    expect(malformed[1]).toMatch(new RegExp(`^data: ${key} \\{`));
  });

  it('leaves the answer as it is when the request carried no key', async () => {
    server.enqueue(openai.error(401, { message: 'Missing key', fault: fault.echoKey() }));
    const response = await postJson(openAIUrl(), {});
    expect(response.headers.get('x-echoed-authorization')).toBeNull();
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'Missing key',
    );
  });
});
