import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './test-support/manual-clock.ts';
import { keys, startMockGateway } from './test-support/mock-gateway.ts';

const chat = (model = 'fast', content = 'Hi') => ({ model, messages: [{ role: 'user', content }] });
const message = (model = 'fast') => ({
  model,
  max_tokens: 32,
  messages: [{ role: 'user', content: 'Hi' }],
});

describe('gateway keys', () => {
  it("refuses a request without a key or with an unknown one, in each wire's shape", async () => {
    await using server = await startMockGateway({
      fast: new MockChatModel({ respond: () => 'ok' }),
    });
    const none = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chat()),
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key' },
    });

    const wrong = await server.fetch('/v1/messages', {
      body: message(),
      key: 'secret-other',
      headers: { 'anthropic-version': '2023-06-01' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      type: 'error',
      error: {
        type: 'authentication_error',
        message: 'Invalid gateway key: check the key you were given.',
      },
    });

    const viaApiKeyHeader = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': 'secret-main' },
      body: JSON.stringify(chat()),
    });
    expect(viaApiKeyHeader.status).toBe(200);
  });

  it('lets a key use only the models on its allow-list, and lists only those', async () => {
    await using server = await startMockGateway(
      {
        fast: new MockChatModel({ respond: () => 'ok' }),
        smart: new MockChatModel({ respond: () => 'ok' }),
      },
      { keys: keys({ id: 'main', models: ['fast'] }) },
    );
    expect((await server.fetch('/v1/chat/completions', { body: chat('fast') })).status).toBe(200);
    const refused = await server.fetch('/v1/chat/completions', { body: chat('smart') });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    const list = (await (await server.fetch('/v1/models')).json()) as { data: { id: string }[] };
    expect(list.data.map((model) => model.id)).toEqual(['fast']);
  });
});

describe('requests and tokens per minute', () => {
  it('gives a 3 RPM key three requests, then 429 with retry-after until the bucket refills', async () => {
    const clock = new ManualClock();
    await using server = await startMockGateway(
      { fast: new MockChatModel({ respond: () => 'ok' }) },
      { keys: keys({ id: 'main', rpm: 3 }), clock },
    );
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await server.fetch('/v1/chat/completions', { body: chat() })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await server.fetch('/v1/chat/completions', { body: chat() });
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('retry-after-ms')).toBe('20000');
    expect(refused.headers.get('x-should-retry')).toBe('true');
    expect(await refused.json()).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded' },
    });

    await clock.advance(19_999);
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(429);
    await clock.advance(1);
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
  });

  it('charges the real tokens of each answer to a TPM key', async () => {
    const clock = new ManualClock();
    const model = new MockChatModel({
      respond: () => ({ text: 'ok', usage: { inputTokens: 400, outputTokens: 200 } }),
    });
    await using server = await startMockGateway(
      { fast: model },
      { keys: keys({ id: 'main', tpm: 1000 }), clock },
    );
    // 600 tokens each, charged after the answer: 1000 → 400 → -200, so the third finds no room.
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
    const refused = await server.fetch('/v1/messages', { body: message() });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(model.calls).toHaveLength(2);
    // A minute refills 1000 tokens: back to 800.
    await clock.advance(60_000);
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
  });

  it('refuses with a 400 a request larger than the whole per-minute token limit', async () => {
    await using server = await startMockGateway(
      { fast: new MockChatModel({ respond: () => 'ok' }) },
      { keys: keys({ id: 'main', tpm: 10 }) },
    );
    const response = await server.fetch('/v1/chat/completions', {
      body: chat('fast', 'x'.repeat(400)),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'per-minute token limit',
    );
  });
});

describe('budgets', () => {
  const priced = () =>
    new MockChatModel({
      capabilities: { pricing: { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } },
      respond: () => ({ text: 'ok', usage: { inputTokens: 1, outputTokens: 1 } }),
    });

  it('stops a key once it spent its budget, until the period ends', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 23, 0, 0));
    // $3 per call ($1 input + $2 output) against a $5 daily budget.
    await using server = await startMockGateway(
      { fast: priced() },
      { keys: keys({ id: 'main', budget: { usd: 5, period: 'day' } }), clock },
    );
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
    const openAI = await server.fetch('/v1/chat/completions', { body: chat() });
    expect(openAI.status).toBe(429);
    expect(openAI.headers.get('x-should-retry')).toBe('false');
    expect(await openAI.json()).toMatchObject({
      error: { type: 'insufficient_quota', code: 'insufficient_quota' },
    });
    const anthropic = await server.fetch('/v1/messages', { body: message() });
    expect(anthropic.status).toBe(402);
    expect(await anthropic.json()).toMatchObject({ error: { type: 'billing_error' } });

    await clock.advance(3_600_000); // the next UTC day
    expect((await server.fetch('/v1/chat/completions', { body: chat() })).status).toBe(200);
  });

  it('delivers a finished answer when charging it fails, and reports the failure', async () => {
    const { createInMemoryGatewayState } = await import('./state/in-memory-gateway-state.ts');
    const state = createInMemoryGatewayState();
    const down = new Error('Redis went away');
    const reported: unknown[] = [];
    await using server = await startMockGateway(
      { fast: priced() },
      {
        keys: keys({ id: 'main', budget: { usd: 100 } }),
        state: {
          ...state,
          budgets: { spent: () => Promise.resolve(0), add: () => Promise.reject(down) },
        },
        onError: (error) => reported.push(error),
      },
    );
    const response = await server.fetch('/v1/chat/completions', { body: chat() });
    expect(response.status).toBe(200);
    expect(reported).toEqual([down]);
  });
});
