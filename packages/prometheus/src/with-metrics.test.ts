import {
  ConfigError,
  ContentFilterError,
  ServerError,
  StreamInterruptedError,
  type ChatModel,
  type ChatRequest,
} from '@org/llm-core';
import { ResilienceEvents, withFallback, withResilience, withRetry } from '@org/llm-resilience';
import { MockChatModel } from '@org/llm-testkit';
import {
  Counter,
  openMetricsContentType,
  Registry,
  type OpenMetricsContentType,
} from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outcomeOf, withMetrics } from './with-metrics.ts';

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

/** The exposition lines of `name` (its samples), without HELP and TYPE. */
async function samples(registry: Registry, name: string): Promise<string[]> {
  const text = await registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

const pricing = { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3 };

afterEach(() => {
  vi.useRealTimers();
});

describe('withMetrics', () => {
  it('counts a generate call, its duration, tokens and cost', async () => {
    const registry = new Registry();
    const inner = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      capabilities: { pricing },
      responses: [
        {
          text: 'Hello there',
          usage: {
            inputTokens: 1000,
            outputTokens: 200,
            cacheReadTokens: 400,
            reasoningTokens: 50,
          },
        },
      ],
    });
    const model = withMetrics(inner, { registry });
    expect(model).toMatchObject({ provider: 'anthropic', modelId: 'claude' });
    await model.generate(ask());

    expect(await samples(registry, 'llm_requests_total')).toEqual([
      'llm_requests_total{provider="anthropic",model="claude",operation="generate",outcome="success"} 1',
    ]);
    expect(await samples(registry, 'llm_request_duration_seconds_count')).toEqual([
      'llm_request_duration_seconds_count{provider="anthropic",model="claude",operation="generate",outcome="success"} 1',
    ]);
    expect(await samples(registry, 'llm_tokens_total')).toEqual([
      'llm_tokens_total{provider="anthropic",model="claude",type="input"} 1000',
      'llm_tokens_total{provider="anthropic",model="claude",type="output"} 200',
      'llm_tokens_total{provider="anthropic",model="claude",type="cached_input"} 400',
      'llm_tokens_total{provider="anthropic",model="claude",type="cache_write"} 0',
      'llm_tokens_total{provider="anthropic",model="claude",type="reasoning"} 50',
    ]);
    // 600 plain input × $3/M + 400 cache reads × $0.3/M + 200 output × $15/M.
    const [cost] = await samples(registry, 'llm_cost_usd_total');
    expect(cost).toMatch(/^llm_cost_usd_total\{provider="anthropic",model="claude"\} /);
    expect(Number(cost!.split(' ').at(-1))).toBeCloseTo(0.0018 + 0.00012 + 0.003, 10);
    expect(await samples(registry, 'llm_requests_in_flight')).toEqual([
      'llm_requests_in_flight{provider="anthropic",model="claude"} 0',
    ]);
  });

  it("prefers the result's own cost to the catalog price", async () => {
    const registry = new Registry();
    const inner = new MockChatModel({ capabilities: { pricing }, responses: ['Hi'] });
    const withCost: ChatModel = {
      specificationVersion: 'v1',
      provider: inner.provider,
      modelId: inner.modelId,
      capabilities: inner.capabilities,
      generate: async (request) => ({
        ...(await inner.generate(request)),
        cost: { input: 1, cachedInput: 0, cacheWrite: 0, output: 1, reasoning: 0, total: 2 },
      }),
      stream: (request) => inner.stream(request),
    };
    await withMetrics(withCost, { registry }).generate(ask());
    expect(await samples(registry, 'llm_cost_usd_total')).toEqual([
      'llm_cost_usd_total{provider="mock",model="mock-model"} 2',
    ]);
  });

  it('labels failures with their error code, an abort as aborted', async () => {
    const registry = new Registry();
    const controller = new AbortController();
    const inner = new MockChatModel({
      responses: [
        { error: new ServerError('HTTP 500', { status: 500 }) },
        { error: new ContentFilterError('blocked', {}) },
      ],
      respond: () => {
        controller.abort(new Error('user left'));
        return 'never read';
      },
    });
    const model = withMetrics(inner, { registry });
    await expect(model.generate(ask())).rejects.toThrow(ServerError);
    await expect(model.stream(ask())).rejects.toThrow(ContentFilterError);
    await expect(model.generate(ask({ abortSignal: controller.signal }))).rejects.toThrow(
      'user left',
    );
    expect(await samples(registry, 'llm_requests_total')).toEqual([
      'llm_requests_total{provider="mock",model="mock-model",operation="generate",outcome="server"} 1',
      'llm_requests_total{provider="mock",model="mock-model",operation="stream",outcome="content-filter"} 1',
      'llm_requests_total{provider="mock",model="mock-model",operation="generate",outcome="aborted"} 1',
    ]);
  });

  it('times a stream: first content, duration, output tokens per second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const registry = new Registry();
    const inner = new MockChatModel({
      firstPartDelayMs: 1500,
      partDelayMs: 100,
      responses: [{ chunks: ['a', 'b', 'c', 'd', 'e'], usage: { outputTokens: 40 } }],
    });
    const model = withMetrics(inner, { registry });
    const opened = model.stream(ask());
    await vi.advanceTimersByTimeAsync(1900);
    const stream = await opened;
    expect(await samples(registry, 'llm_requests_in_flight')).toEqual([
      'llm_requests_in_flight{provider="mock",model="mock-model"} 1',
    ]);
    const text = stream.text();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await text).toBe('abcde');

    const exposition = await registry.metrics();
    const value = (line: string): number => Number(line.split(' ').at(-1));
    // The first text delta came 1.5 s plus a few 100 ms parts after the call: the 2 s bucket.
    expect(exposition).toContain(
      'llm_time_to_first_content_seconds_bucket{provider="mock",model="mock-model",le="1"} 0',
    );
    expect(exposition).toContain(
      'llm_time_to_first_content_seconds_bucket{provider="mock",model="mock-model",le="2"} 1',
    );
    const [first] = await samples(registry, 'llm_time_to_first_content_seconds_sum');
    const [duration] = await samples(registry, 'llm_request_duration_seconds_sum');
    expect(value(first!)).toBeGreaterThanOrEqual(1.5);
    expect(value(duration!)).toBeGreaterThan(value(first!));
    // 40 tokens over the time after the first content part.
    const rate = (await samples(registry, 'llm_output_tokens_per_second_sum')).find((line) =>
      line.includes('operation="stream"'),
    );
    expect(value(rate!)).toBeCloseTo(40 / (value(duration!) - value(first!)), 6);
    expect(await samples(registry, 'llm_requests_in_flight')).toEqual([
      'llm_requests_in_flight{provider="mock",model="mock-model"} 0',
    ]);
  });

  it('counts a stream the reader closed as cancelled, and one that broke with its partial usage', async () => {
    const registry = new Registry();
    const inner = new MockChatModel({
      capabilities: { pricing },
      responses: [
        { chunks: ['a', 'b', 'c'] },
        {
          chunks: ['a', 'b', 'c'],
          failAfterChunks: { chunks: 2, error: new ServerError('reset', { status: 500 }) },
        },
      ],
    });
    const model = withMetrics(inner, { registry });
    const first = await model.stream(ask());
    for await (const part of first) if (part.type === 'text-delta') break;
    const second = await model.stream(ask());
    await expect(second.final()).rejects.toThrow(StreamInterruptedError);
    expect(await samples(registry, 'llm_requests_total')).toEqual([
      'llm_requests_total{provider="mock",model="mock-model",operation="stream",outcome="cancelled"} 1',
      'llm_requests_total{provider="mock",model="mock-model",operation="stream",outcome="stream-interrupted"} 1',
    ]);
    expect(await samples(registry, 'llm_requests_in_flight')).toEqual([
      'llm_requests_in_flight{provider="mock",model="mock-model"} 0',
    ]);
  });

  it('counts retries, fallbacks and breaker states from the resilience events', async () => {
    vi.useFakeTimers();
    const registry = new Registry();
    const failure = (): ServerError => new ServerError('HTTP 503', { status: 503 });
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      responses: [{ error: failure() }, { error: failure() }],
    });
    const secondary = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['ok'],
    });
    const resilient = withResilience([primary, secondary], {
      retry: { maxAttempts: 2, random: () => 0 },
      breaker: { mode: { type: 'consecutive', failures: 1 }, halfOpenAfterMs: 60_000 },
    });
    const model = withMetrics(resilient, { registry });
    const call = model.generate(ask());
    await vi.advanceTimersByTimeAsync(2000);
    expect((await call).text).toBe('ok');

    expect(await samples(registry, 'llm_retries_total')).toEqual([
      'llm_retries_total{provider="openai",model="gpt",reason="server"} 1',
    ]);
    expect(await samples(registry, 'llm_fallbacks_total')).toEqual([
      'llm_fallbacks_total{provider="openai",model="gpt",to="anthropic:claude",reason="error"} 1',
    ]);
    expect(await samples(registry, 'llm_circuit_state')).toEqual([
      'llm_circuit_state{circuit="openai:gpt"} 2',
    ]);
    expect(await samples(registry, 'llm_circuit_opens_total')).toEqual([
      'llm_circuit_opens_total{circuit="openai:gpt"} 1',
    ]);
    // The call as the application saw it: one successful request.
    expect(await samples(registry, 'llm_requests_total')).toEqual([
      'llm_requests_total{provider="openai",model="gpt",operation="generate",outcome="success"} 1',
    ]);
  });

  it('adds the cost of failed attempts from the events', async () => {
    const registry = new Registry();
    const events = new ResilienceEvents();
    const broken = new StreamInterruptedError('broke', {
      partial: {
        text: 'Hal',
        content: [],
        toolCalls: [],
        usage: {
          inputTokens: 100,
          outputTokens: 10,
          cacheReadTokens: undefined,
          cacheWriteTokens: undefined,
          reasoningTokens: undefined,
        },
        finishReason: undefined,
      },
    });
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      capabilities: { pricing: { inputPerMillion: 10, outputPerMillion: 100 } },
      responses: [{ error: broken }],
    });
    const secondary = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['ok'],
    });
    const model = withMetrics(withFallback([primary, secondary], { events, when: () => true }), {
      registry,
    });
    await model.generate(ask());
    // The failed attempt on gpt: 100 × $10/M + 10 × $100/M.
    expect(await samples(registry, 'llm_cost_usd_total')).toEqual([
      'llm_cost_usd_total{provider="openai",model="gpt"} 0.002',
    ]);
    // Tokens count against the model that used them: gpt's failed attempt, claude's answer.
    const tokens = await samples(registry, 'llm_tokens_total');
    expect(tokens).toContain('llm_tokens_total{provider="openai",model="gpt",type="input"} 100');
    expect(tokens).toContain(
      'llm_tokens_total{provider="anthropic",model="claude",type="input"} 10',
    );
  });

  it('shares metrics per registry, subscribes to an event source once, and keeps events', async () => {
    const registry = new Registry();
    const events = new ResilienceEvents();
    const inner = withRetry(new MockChatModel({ responses: ['a', 'b'] }), { events });
    const first = withMetrics(inner, { registry });
    const second = withMetrics(first, { registry });
    expect((second as { events?: unknown }).events).toBe(events);
    await second.generate(ask());
    events.emit('retry', {
      provider: 'mock',
      modelId: 'mock-model',
      operation: 'generate',
      metadata: undefined,
      attempt: 1,
      delayMs: 0,
      retryAfterMs: undefined,
      error: new ServerError('x', {}),
      usage: undefined,
      cost: undefined,
    });
    // Two decorators, one registry: the call is counted by each layer; the event once.
    expect(await samples(registry, 'llm_requests_total')).toEqual([
      'llm_requests_total{provider="mock",model="mock-model",operation="generate",outcome="success"} 2',
    ]);
    expect(await samples(registry, 'llm_retries_total')).toEqual([
      'llm_retries_total{provider="mock",model="mock-model",reason="server"} 1',
    ]);
  });

  it('never labels by request metadata', async () => {
    const registry = new Registry();
    const model = withMetrics(new MockChatModel({ responses: ['a'] }), { registry });
    await model.generate(ask({ metadata: { userId: 'user-42', conversationId: 'conv-7' } }));
    const text = await registry.metrics();
    expect(text).not.toContain('user-42');
    expect(text).not.toContain('conv-7');
  });

  it('refuses a registry that holds another metric by its names, and a bad prefix', () => {
    const registry = new Registry();
    new Counter({ name: 'llm_requests_total', help: 'theirs', registers: [registry] });
    const model = new MockChatModel();
    expect(() => withMetrics(model, { registry })).toThrow(ConfigError);
    expect(() => withMetrics(model, { registry })).toThrow(
      "withMetrics: the registry already has a metric named 'llm_requests_total' that this package did not register; pass another prefix (default 'llm_').",
    );
    expect(withMetrics(model, { registry, prefix: 'app_llm_' }).modelId).toBe('mock-model');
    expect(() => withMetrics(model, { registry, prefix: '9bad' })).toThrow(/prefix '9bad'/);
  });

  it('writes OpenMetrics too, and resets with the registry', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(openMetricsContentType);
    const model = withMetrics(new MockChatModel({ responses: ['a'] }), { registry });
    await model.generate(ask());
    const text = await registry.metrics();
    expect(text).toContain(
      'llm_requests_total{provider="mock",model="mock-model",operation="generate",outcome="success"} 1',
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
    registry.resetMetrics();
    expect(await registry.metrics()).toContain(
      'llm_requests_total{provider="mock",model="mock-model",operation="generate",outcome="success"} 0',
    );
  });
});

describe('outcomeOf', () => {
  it('names the outcome of a failure', () => {
    expect(outcomeOf(new ServerError('x', {}), ask())).toBe('server');
    expect(outcomeOf(new Error('bug'), ask())).toBe('error');
  });
});
