import { MockChatModel } from '@org/llm-testkit';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMockGateway } from './test-support/mock-gateway.ts';

// Input is checked at the edge, and errors come in the shape of the wire the
// request came on, with the status the real API would use.

describe('request bodies', () => {
  it('refuses a body over the limit with 413, from its content-length or as it grows', async () => {
    const model = new MockChatModel({ respond: () => 'ok' });
    await using server = await startMockGateway({ fast: model }, { maxBodyBytes: 1024 });
    const big = { model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(2000) }] };
    const declared = await server.fetch('/v1/chat/completions', { body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'request_too_large' } });

    // Chunked: no content-length, so the limit is found while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/v1/messages`,
        { method: 'POST', headers: { 'x-api-key': 'secret-main', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.write(JSON.stringify(big).slice(0, 1000));
      req.end(JSON.stringify(big).slice(1000));
    });
    expect(status).toBe(413);
    expect(model.calls).toHaveLength(0);
  });

  it("answers a body that is not JSON with a 400 in the wire's envelope", async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ respond: () => 'ok' }),
    });
    const openAI = await server.fetch('/v1/chat/completions', { body: '{"model": ' });
    expect(openAI.status).toBe(400);
    expect(await openAI.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const anthropic = await server.fetch('/v1/messages', { body: '[1, 2]' });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });
  });

  it('names the field at fault the way each wire does', async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ respond: () => 'ok' }),
    });
    const openAI = await server.fetch('/v1/chat/completions', {
      body: {
        model: 'fast',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'user', content: 42 },
        ],
      },
    });
    expect(openAI.status).toBe(400);
    const openAIError = ((await openAI.json()) as { error: { param: string; message: string } })
      .error;
    expect(openAIError.param).toBe('messages[1].content');
    expect(openAIError.message).toContain("'messages[1].content'");

    const anthropic = await server.fetch('/v1/messages', {
      body: {
        model: 'fast',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'text' }] }],
      },
    });
    expect(anthropic.status).toBe(400);
    expect(((await anthropic.json()) as { error: { message: string } }).error.message).toContain(
      'messages.0.content.0.text',
    );
  });

  it('refuses what it cannot honour rather than dropping it', async () => {
    const model = new MockChatModel({ respond: () => 'ok' });
    await using server = await startMockGateway({ fast: model });
    const several = await server.fetch('/v1/chat/completions', {
      body: { model: 'fast', n: 2, messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(await several.json()).toMatchObject({ error: { param: 'n' } });
    const document = await server.fetch('/v1/messages', {
      body: {
        model: 'fast',
        max_tokens: 10,
        messages: [
          { role: 'user', content: [{ type: 'document', source: { type: 'text', data: 'x' } }] },
        ],
      },
    });
    expect(document.status).toBe(400);
    expect(((await document.json()) as { error: { message: string } }).error.message).toContain(
      "'document' blocks",
    );
    const orphan = await server.fetch('/v1/chat/completions', {
      body: {
        model: 'fast',
        messages: [{ role: 'tool', tool_call_id: 'call_x', content: 'done' }],
      },
    });
    expect(await orphan.json()).toMatchObject({ error: { param: 'messages[0].tool_call_id' } });
    expect(model.calls).toHaveLength(0);
  });
});

describe('other routes', () => {
  it("lists models in the caller's wire shape", async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ provider: 'openai', respond: () => 'ok' }),
      smart: new MockChatModel({ provider: 'anthropic', respond: () => 'ok' }),
    });
    expect(await (await server.fetch('/v1/models')).json()).toEqual({
      object: 'list',
      data: [
        { id: 'fast', object: 'model', created: 0, owned_by: 'openai' },
        { id: 'smart', object: 'model', created: 0, owned_by: 'anthropic' },
      ],
    });
    const anthropic = await server.fetch('/v1/models', {
      headers: { 'anthropic-version': '2023-06-01' },
    });
    expect(await anthropic.json()).toMatchObject({
      has_more: false,
      first_id: 'fast',
      last_id: 'smart',
    });
  });

  it("answers unknown routes and methods in the caller's wire shape", async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ respond: () => 'ok' }),
    });
    const unknown = await server.fetch('/v1/embeddings', { body: {} });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const wrongMethod = await server.fetch('/v1/messages');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({ type: 'error' });
  });

  it('serves /metrics from a prom-client-like registry or a function, and 404 without one', async () => {
    const registry = {
      contentType: 'application/openmetrics-text',
      metrics: () => Promise.resolve('up 1\n'),
    };
    await using withRegistry = await startMockGateway(
      { fast: new MockChatModel() },
      { metrics: registry },
    );
    const fromRegistry = await withRegistry.fetch('/metrics');
    expect(fromRegistry.headers.get('content-type')).toBe('application/openmetrics-text');
    expect(await fromRegistry.text()).toBe('up 1\n');

    await using withFunction = await startMockGateway(
      { fast: new MockChatModel() },
      { metrics: () => 'calls 3\n' },
    );
    const fromFunction = await withFunction.fetch('/metrics');
    expect(fromFunction.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await fromFunction.text()).toBe('calls 3\n');

    await using without = await startMockGateway({ fast: new MockChatModel() });
    expect((await without.fetch('/metrics')).status).toBe(404);
  });

  it('is live and ready, not ready once draining or when its state is unreachable', async () => {
    await using server = await startMockGateway({ fast: new MockChatModel() });
    expect((await server.fetch('/healthz')).status).toBe(200);
    expect(await (await server.fetch('/readyz')).json()).toEqual({ status: 'ready' });
    server.gateway.drain();
    const draining = await server.fetch('/readyz');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'draining' });
    expect((await server.fetch('/healthz')).status).toBe(200);

    const { createInMemoryGatewayState } = await import('./state/in-memory-gateway-state.ts');
    const state = {
      ...createInMemoryGatewayState(),
      ping: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    await using broken = await startMockGateway({ fast: new MockChatModel() }, { state });
    expect((await broken.fetch('/readyz')).status).toBe(503);
  });
});
