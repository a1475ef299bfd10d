import { eventually } from '@org/llm-test-support/wire-clock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
  type FakeProviderServerOptions,
} from './create-fake-provider-server.ts';
import { anthropic } from './anthropic-scripts.ts';
import { FakeServerError } from './fake-server-error.ts';
import type { FakeScript } from './fake-script.ts';
import { fault } from './fault.ts';
import { openai } from './openai-scripts.ts';
import { trackTimers } from './test-support/track-timers.ts';
import { postJson, sseEvents } from './test-support/wire-client.ts';

const servers: FakeProviderServer[] = [];
async function start(options?: FakeProviderServerOptions): Promise<FakeProviderServer> {
  const server = await createFakeProviderServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const chat = (
  server: FakeProviderServer,
  body: unknown = { model: 'gpt-4o-mini' },
  headers?: Record<string, string>,
) => postJson(`${server.openaiBaseURL}/chat/completions`, body, headers);

const contentOf = async (response: Response): Promise<unknown> =>
  ((await response.json()) as { choices: { message: { content: unknown } }[] }).choices[0]!.message
    .content;

describe('createFakeProviderServer', () => {
  it('listens on 127.0.0.1 on a free port and exposes the SDK base URLs', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    expect(server.openaiBaseURL).toBe(`${server.url}/v1`);
    expect(server.anthropicBaseURL).toBe(server.url);
  });

  it('listens on the port it is given, and a port in use fails to start', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await first.close();
    // The port just freed is free again: a second server takes it on request.
    const second = await start({ port });
    expect(second.url).toBe(`http://127.0.0.1:${String(port)}`);
    await expect(createFakeProviderServer({ port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('answers queued scripts first in, first out', async () => {
    const server = await start();
    server.enqueue(openai.text('first'), openai.text('second'));
    expect(server.pendingScripts).toBe(2);
    expect(await contentOf(await chat(server))).toBe('first');
    expect(await contentOf(await chat(server))).toBe('second');
    expect(server.pendingScripts).toBe(0);
  });

  it('uses the handler when the queue is empty, with the recorded request, sync or async', async () => {
    const server = await start();
    server.handle(async (request) => {
      await Promise.resolve();
      const content = request.bodyAs('openai-chat').messages[0]!.content;
      return openai.text(`echo: ${typeof content === 'string' ? content : 'parts'}`);
    });
    server.enqueue(openai.text('queued'));
    const ask = (content: string) =>
      chat(server, { model: 'm', messages: [{ role: 'user', content }] });
    expect(await contentOf(await ask('a'))).toBe('queued');
    expect(await contentOf(await ask('b'))).toBe('echo: b');
    server.handle(() => openai.text('sync'));
    expect(await contentOf(await ask('c'))).toBe('sync');
  });

  it('answers an unscripted request with a loud 500 that names it', async () => {
    const server = await start();
    const response = await chat(server, { model: 'gpt-4o-mini', messages: [] });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toEqual({
      error: {
        message:
          'Fake provider server: no script for request #1 POST /v1/chat/completions (model gpt-4o-mini). Enqueue one with server.enqueue(...) or set server.handle(...).',
        type: 'fake_server_error',
        param: null,
        code: 'no_script',
      },
    });
  });

  it('is loud when the handler returns undefined or throws', async () => {
    const server = await start();
    server.handle(() => undefined);
    expect(await (await chat(server)).text()).toContain('no script for request #1');
    server.handle(() => {
      throw new Error('boom');
    });
    const response = await chat(server);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(
      'the handler threw for request #2 POST /v1/chat/completions (model gpt-4o-mini): boom',
    );
  });

  it('is loud when a script of the other wire reaches an endpoint, and consumes it', async () => {
    const server = await start();
    const anthropicScript: FakeScript = {
      ...openai.text('x'),
      wire: 'anthropic',
      label: 'anthropic.text("x")',
      endpoints: ['anthropic-messages'],
    };
    server.enqueue(anthropicScript, openai.text('next'));
    const response = await chat(server);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(
      'script anthropic.text(\\"x\\") cannot answer request #1 POST /v1/chat/completions (model gpt-4o-mini): it speaks the anthropic wire, this endpoint the openai wire.',
    );
    expect(await contentOf(await chat(server))).toBe('next');
  });

  it('is loud when a script fails to render', async () => {
    const server = await start();
    const broken: FakeScript = {
      ...openai.text('x'),
      label: 'custom()',
      render: () => {
        throw new Error('no template');
      },
    };
    server.enqueue(broken);
    const response = await chat(server);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(
      'Fake provider server: script custom() failed to render: no template',
    );
  });

  it('answers unknown routes 404 in the OpenAI envelope, records them and keeps the queue', async () => {
    const server = await start();
    server.enqueue(openai.text('kept'));
    const response = await fetch(`${server.url}/v1/models`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (GET /v1/models)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(server.lastRequest).toMatchObject({
      method: 'GET',
      path: '/v1/models',
      endpoint: undefined,
    });
    expect(server.pendingScripts).toBe(1);
  });

  it('routes any …/chat/completions path (Azure and other OpenAI-compatible prefixes)', async () => {
    const server = await start();
    server.enqueue(openai.text('azure'));
    const response = await postJson(
      `${server.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
      { messages: [] },
      { 'api-key': 'azure-secret-key-0123456789' },
    );
    expect(await contentOf(response)).toBe('azure');
    expect(server.lastRequest).toMatchObject({
      path: '/openai/deployments/gpt-4o/chat/completions',
      search: '?api-version=2024-10-21',
      endpoint: 'openai-chat',
    });
    expect(server.lastRequest.headers['api-key']).toBe('***6789');
  });
});

describe('recording', () => {
  it('records method, path, lower-case headers with secrets masked, parsed body and raw body', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'));
    const rawBody = '{"model":"gpt-4o-mini",  "messages":[{"role":"user","content":"Hi"}]}';
    await fetch(`${server.openaiBaseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer sk-proj-abcdefghijklmnop1234',
        'X-Api-Key': 'sk-ant-api03-secretsecret-9876',
        'OpenAI-Organization': 'org-123',
      },
      body: rawBody,
    });
    const request = server.lastRequest;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      search: '',
      endpoint: 'openai-chat',
      rawBody,
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer ***1234',
      'x-api-key': '***9876',
      'openai-organization': 'org-123',
      'content-type': 'application/json',
    });
    expect(JSON.stringify(server.requests)).not.toMatch(/abcdefghijklmnop|secretsecret/);
  });

  it('masks short secrets entirely', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'));
    await chat(server, {}, { authorization: 'Bearer sk-test', 'x-api-key': 'short' });
    expect(server.lastRequest.headers.authorization).toBe('Bearer ***');
    expect(server.lastRequest.headers['x-api-key']).toBe('***');
  });

  it('keeps a body that is not JSON as raw text only', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'));
    await fetch(`${server.openaiBaseURL}/chat/completions`, { method: 'POST', body: 'not json {' });
    expect(server.lastRequest.body).toBeUndefined();
    expect(server.lastRequest.rawBody).toBe('not json {');
  });

  it('records every request in order, unscripted ones too', async () => {
    const server = await start();
    server.enqueue(openai.text('one'));
    await chat(server, { model: 'a' });
    await chat(server, { model: 'b' });
    expect(server.requests.map((request) => request.bodyAs('openai-chat').model)).toEqual([
      'a',
      'b',
    ]);
  });

  it('gives the body typed as the wire of its endpoint through bodyAs, which is not a field', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'), anthropic.text('ok'));
    const messages = [{ role: 'user', content: 'Hi' }];
    await chat(server, { model: 'gpt-4o-mini', messages, temperature: 0.2 });
    const openAIRequest = server.lastRequest;
    await postJson(`${server.anthropicBaseURL}/v1/messages`, {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages,
    });

    const body = openAIRequest.bodyAs('openai-chat');
    expect(body).toBe(openAIRequest.body);
    expect([body.model, body.temperature, body.messages[0]?.role]).toEqual([
      'gpt-4o-mini',
      0.2,
      'user',
    ]);
    expect(server.lastRequest.bodyAs('anthropic-messages').max_tokens).toBe(100);
    // Not enumerable: equality, snapshots and spreads see the recorded fields only.
    expect(Object.keys(openAIRequest)).toEqual([
      'method',
      'path',
      'search',
      'headers',
      'body',
      'rawBody',
      'endpoint',
    ]);
    expect(openAIRequest).toEqual({ ...openAIRequest });
  });

  it('says which endpoint a request went to when bodyAs names another', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'));
    await chat(server);
    expect(() => server.lastRequest.bodyAs('anthropic-messages')).toThrow(
      new FakeServerError(
        "bodyAs('anthropic-messages'): the request POST /v1/chat/completions went to the openai-chat endpoint, not anthropic-messages.",
      ),
    );
    await fetch(`${server.url}/v1/models?limit=1`);
    expect(() => server.lastRequest.bodyAs('openai-chat')).toThrow(
      "bodyAs('openai-chat'): the request GET /v1/models?limit=1 went to no wire endpoint, not openai-chat.",
    );
  });

  it('fails bodyAs on a body that is not a JSON object', async () => {
    const server = await start();
    server.enqueue(openai.text('ok'), openai.text('ok'));
    await fetch(`${server.openaiBaseURL}/chat/completions`, { method: 'POST', body: 'not json {' });
    expect(() => server.lastRequest.bodyAs('openai-chat')).toThrow(
      new FakeServerError(
        `bodyAs('openai-chat'): the body of POST /v1/chat/completions is not a JSON object: "not json {".`,
      ),
    );
    await chat(server, ['a', 'list']);
    expect(() => server.lastRequest.bodyAs('openai-chat')).toThrow('is not a JSON object');
  });

  it('throws a FakeServerError from lastRequest before any request', async () => {
    const server = await start();
    expect(() => server.lastRequest).toThrow(FakeServerError);
    expect(() => server.lastRequest).toThrow(
      'The fake provider server has not received any request yet.',
    );
  });

  it('reset() clears queue, handler, requests and id counters', async () => {
    const server = await start();
    server.enqueue(openai.text('a'), openai.text('b'));
    server.handle(() => openai.text('h'));
    const first = (await (await chat(server)).json()) as { id: string };
    server.reset();
    expect(server.requests).toEqual([]);
    expect(server.pendingScripts).toBe(0);
    expect((await chat(server)).status).toBe(500);
    server.enqueue(openai.text('c'));
    const again = (await (await chat(server)).json()) as { id: string };
    expect(again.id).toBe(first.id);
  });

  it('rejects things that are not scripts', async () => {
    const server = await start();
    expect(() => {
      server.enqueue('Hello' as unknown as FakeScript);
    }).toThrow(/takes scripts built by openai\.\* or anthropic\.\*/);
  });
});

describe('close', () => {
  /** Timers and sockets keeping the process alive. */
  const handles = () =>
    process
      .getActiveResourcesInfo()
      .filter((resource) => ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'].includes(resource));

  it('ends stalled streams at once and leaves no timer or socket behind', async () => {
    // Connections of earlier tests close asynchronously; start from a settled baseline.
    const sockets = () => handles().filter((handle) => handle.startsWith('TCP')).length;
    const timers = () => handles().filter((handle) => handle === 'Timeout').length;
    await eventually(() => sockets() === 0, 'every socket to close');
    expect(sockets()).toBe(0);
    const timersBefore = timers();
    const ours = trackTimers('/fake-server/abortable-timers.ts');
    const server = await createFakeProviderServer();
    server.enqueue(
      openai.text('a b', { fault: fault.stall(60_000, { afterChunks: 1, comments: true }) }),
      openai.text('c', { fault: fault.slowFirstByte(60_000) }),
    );
    const stalled = await chat(server, { model: 'm', stream: true });
    const reading = stalled.text().catch((error: unknown) => error);
    const slow = chat(server).catch((error: unknown) => error);
    await eventually(() => server.requests.length === 2, 'the request at the server');
    // The stall timer and its comment interval, and the slow-first-byte timer.
    expect(ours.live()).toBe(3);
    expect(sockets()).toBeGreaterThan(0);
    await server.close();
    expect(ours.live()).toBe(0);
    const text = await reading;
    expect(typeof text === 'string' ? sseEvents(text) : text).not.toContain('data: [DONE]');
    expect(await slow).toBeInstanceOf(TypeError);
    await eventually(() => sockets() === 0, 'every socket to close');
    expect(sockets()).toBe(0);
    // Timers of the test runner may come and go; ours are gone.
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });

  it('can be closed twice and through await using', async () => {
    let url: string;
    {
      await using server = await createFakeProviderServer();
      url = server.url;
      await server.close();
    }
    await expect(fetch(url)).rejects.toThrow(TypeError);
  });
});
