import { RateLimitError, ServerError, type ChatRequest } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withHedging, withResilience } from '@org/llm-resilience';
import { createFakeProviderServer, MockChatModel, openai } from '@org/llm-testkit';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withTracing } from './with-tracing.ts';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const tracer = provider.getTracer('test');

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  context.disable();
  propagation.disable();
});
afterEach(() => {
  exporter.reset();
  vi.useRealTimers();
});

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'What is 2 + 2?' }],
  ...extra,
});

/** The spans ended so far (the processor exports asynchronously). */
async function finishedSpans(): Promise<ReadableSpan[]> {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

async function onlySpan(): Promise<ReadableSpan> {
  const spans = await finishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('withTracing', () => {
  it('records one CLIENT span per generate with the GenAI attributes', async () => {
    const inner = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt-4o',
      capabilities: { pricing: { inputPerMillion: 2.5, outputPerMillion: 10 } },
      responses: [
        { text: 'Four.', usage: { inputTokens: 14, outputTokens: 2, cacheReadTokens: 4 } },
      ],
    });
    const model = withTracing(inner, { tracer });
    await model.generate(
      ask({ maxOutputTokens: 100, temperature: 0.2, topP: 0.9, stop: ['\n\n'], seed: 7 }),
    );
    const span = await onlySpan();
    expect(span.name).toBe('chat gpt-4o');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.seed': 7,
      'llm.operation': 'generate',
      'gen_ai.response.id': expect.any(String),
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 14,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.usage.cache_read.input_tokens': 4,
      // 10 plain input × $2.5/M + 4 cache reads at the input price + 2 output × $10/M.
      'llm.cost.usd': expect.closeTo((14 * 2.5 + 2 * 10) / 1_000_000, 12),
    });
    // Content is not captured unless asked.
    expect(JSON.stringify(span.attributes)).not.toContain('2 + 2');
  });

  it('ends a stream span with the stream, after a first-content event', async () => {
    const model = withTracing(
      new MockChatModel({
        provider: 'azure',
        modelId: 'gpt-4o',
        responses: [{ chunks: ['Fo', 'ur'] }],
      }),
      { tracer },
    );
    const stream = await model.stream(ask());
    expect(await finishedSpans()).toHaveLength(0);
    expect(await stream.text()).toBe('Four');
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'llm.operation': 'stream',
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(span.events.map((event) => event.name)).toEqual(['llm.first_content']);
  });

  it('sets the error status and error.type, with a redacted message', async () => {
    const error = new RateLimitError('Rate limited for key sk-live-abcdef0123456789', {
      status: 429,
      kind: 'throttled',
    });
    const model = withTracing(new MockChatModel({ responses: [{ error }] }), { tracer });
    await expect(model.generate(ask())).rejects.toBe(error);
    const span = await onlySpan();
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'Rate limited for key [redacted]',
    });
    expect(span.attributes['error.type']).toBe('rate-limit');
    expect(span.events[0]?.name).toBe('exception');
    expect(JSON.stringify([span.status, span.attributes, span.events])).not.toContain('sk-live');
  });

  it('labels an abort and a closed stream', async () => {
    const controller = new AbortController();
    const model = withTracing(
      new MockChatModel({
        respond: () => {
          controller.abort(new Error('user left with sk-live-abcdef0123456789'));
          return 'never';
        },
      }),
      { tracer },
    );
    await expect(model.generate(ask({ abortSignal: controller.signal }))).rejects.toThrow(
      'user left',
    );
    const span = await onlySpan();
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.status.message).toBe('user left with [redacted]');

    exporter.reset();
    const streaming = withTracing(new MockChatModel({ responses: [{ chunks: ['a', 'b', 'c'] }] }), {
      tracer,
    });
    const stream = await streaming.stream(ask());
    stream.cancel();
    expect((await onlySpan()).attributes['error.type']).toBe('cancelled');
  });

  it('captures the prompt and the answer only when asked', async () => {
    const model = withTracing(new MockChatModel({ responses: ['Four.'] }), {
      tracer,
      captureContent: true,
    });
    await model.generate(
      ask({
        system: 'Be brief.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is 2 + 2?' },
              { type: 'image', data: 'aGVsbG8=', mediaType: 'image/png' },
            ],
          },
        ],
      }),
    );
    const { attributes } = await onlySpan();
    expect(JSON.parse(attributes['gen_ai.system_instructions'] as string)).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(JSON.parse(attributes['gen_ai.input.messages'] as string)).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is 2 + 2?' },
          // Image bytes are never recorded.
          { type: 'blob', modality: 'image', mime_type: 'image/png' },
        ],
      },
    ]);
    expect(JSON.parse(attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Four.' }], finish_reason: 'stop' },
    ]);
  });

  it('records retries and fallbacks of a resilient model as events on its span', async () => {
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt-4o',
      responses: [
        { error: new ServerError('HTTP 500', { status: 500 }) },
        { error: new ServerError('HTTP 503', { status: 503 }) },
      ],
    });
    const secondary = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['ok'],
    });
    const resilient = withResilience([primary, secondary], {
      retry: { maxAttempts: 2, initialDelayMs: 0 },
      breaker: false,
    });
    const model = withTracing(resilient, { tracer });
    expect((model as { events?: unknown }).events).toBe(resilient.events);
    await model.generate(ask());
    const span = await onlySpan();
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      ['llm.retry', { 'llm.retry.attempt': 1, 'llm.retry.delay_ms': 0, 'error.type': 'server' }],
      [
        'llm.fallback',
        {
          'llm.fallback.from': 'openai:gpt-4o',
          'llm.fallback.to': 'anthropic:claude',
          'llm.fallback.reason': 'error',
          'error.type': 'server',
        },
      ],
    ]);
  });

  it('records hedges as events on the span', async () => {
    // Real timers: a fake clock would run the hedge's timer outside the call's
    // context. The primary answers after 10 s, the hedge (after 20 ms) at once.
    const primary = new MockChatModel({
      modelId: 'slow',
      firstPartDelayMs: 10_000,
      responses: ['late'],
    });
    const backup = new MockChatModel({ modelId: 'fast', responses: ['hedged'] });
    const resilient = withHedging([primary, backup], { delayMs: 20 });
    const model = withTracing(resilient, { tracer });
    expect((await model.generate(ask())).text).toBe('hedged');
    const events = (await onlySpan()).events.map((event) => [
      event.name,
      event.attributes?.['llm.hedge.action'],
      event.attributes?.['llm.hedge.model'],
    ]);
    expect(events).toEqual([
      ['llm.hedge', 'started', 'mock:fast'],
      ['llm.hedge', 'won', 'mock:fast'],
    ]);
  });

  it('nests under the active span, and does not record events of calls it does not trace', async () => {
    const resilient = withResilience(
      new MockChatModel({ responses: [{ error: new ServerError('x', { status: 500 }) }, 'ok'] }),
      { retry: { initialDelayMs: 0 }, breaker: false },
    );
    const model = withTracing(resilient, { tracer });
    await tracer.startActiveSpan('request', async (parent) => {
      await model.generate(ask());
      // The same resilient model, called without the tracing decorator: its retry
      // happens in the parent's context and must not land on the parent span.
      resilient.events.onRetry(() => undefined);
      parent.end();
    });
    const [chat, parent] = await finishedSpans();
    expect(chat?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(chat?.events.map((event) => event.name)).toEqual(['llm.retry']);
    expect(parent?.events).toEqual([]);
  });

  it('sends traceparent to the provider only when asked', async () => {
    await using server = await createFakeProviderServer();
    server.enqueue(openai.text('one'), openai.text('two'));
    const inner = createOpenAIHttp({ apiKey: 'sk-test', baseURL: server.openaiBaseURL })('gpt-4o');
    await withTracing(inner, { tracer, propagateContext: true }).generate(ask());
    const span = await onlySpan();
    const { traceId, spanId } = span.spanContext();
    expect(server.requests[0]?.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    await withTracing(inner, { tracer }).generate(ask());
    expect(server.requests[1]?.headers.traceparent).toBeUndefined();
  });

  it('records nothing for a tracer that does not sample, and passes calls through', async () => {
    const off = new TracerProvider({
      sampler: new AlwaysOffSampler(),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    }).getTracer('off');
    const model = withTracing(new MockChatModel({ responses: ['fine'] }), { tracer: off });
    expect((await model.generate(ask())).text).toBe('fine');
    expect(await finishedSpans()).toHaveLength(0);
  });

  it('uses the global tracer by default', async () => {
    trace.setGlobalTracerProvider(provider);
    try {
      await withTracing(new MockChatModel({ responses: ['x'] })).generate(ask());
      expect((await onlySpan()).instrumentationScope.name).toBe('@org/llm-otel');
    } finally {
      trace.disable();
    }
  });
});
