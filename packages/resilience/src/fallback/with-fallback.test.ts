import {
  AllAttemptsFailedError,
  AuthenticationError,
  createUsage,
  CircuitOpenError,
  ConfigError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  ResponseValidationError,
  StreamInterruptedError,
  TimeoutError,
  UnsupportedFeatureError,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import {
  ask,
  collect,
  connectionReset,
  overloaded,
  quotaExhausted,
  serverError,
  textOf,
  throttled,
} from '../../test/support.ts';
import { ResilienceEvents, type FallbackEvent } from '../events/resilience-events.ts';
import { LimiterRejectedError } from '../limiter/limiter-rejected-error.ts';
import { answeredBy } from './answered-by.ts';
import { shouldFallBack } from './should-fall-back.ts';
import { withFallback } from './with-fallback.ts';

const image = { type: 'image' as const, url: 'https://example.com/cat.png' };

function fallbackEvents(events: ResilienceEvents): FallbackEvent[] {
  const seen: FallbackEvent[] = [];
  events.onFallback((event) => seen.push(event));
  return seen;
}

describe('withFallback', () => {
  it('answers from the next model when the primary fails with a retryable error', async () => {
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      responses: [{ error: overloaded() }],
    });
    const secondary = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: ['from claude'],
    });
    const events = new ResilienceEvents();
    const seen = fallbackEvents(events);
    const model = withFallback([primary, secondary], { events });

    const result = await model.generate(ask());
    expect(result.text).toBe('from claude');
    expect(answeredBy(result)).toEqual({ provider: 'anthropic', modelId: 'claude' });
    expect(result.providerMetadata?.resilience).toEqual({
      provider: 'anthropic',
      modelId: 'claude',
    });
    expect(seen).toEqual([
      expect.objectContaining({
        operation: 'generate',
        from: { provider: 'openai', modelId: 'gpt' },
        to: { provider: 'anthropic', modelId: 'claude' },
        reason: 'error',
      }),
    ]);
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt' });
  });

  it('reports the primary as the answering model when it answers', async () => {
    const primary = new MockChatModel({ provider: 'openai', modelId: 'gpt', responses: ['hi'] });
    const result = await withFallback([primary, new MockChatModel()]).generate(ask());
    expect(answeredBy(result)).toEqual({ provider: 'openai', modelId: 'gpt' });
  });

  it.each([
    ['a Retry-After too long to sleep on', throttled(120_000)],
    ['an exhausted quota', quotaExhausted()],
    ['an open circuit', new CircuitOpenError('open', { key: 'mock:mock-model' })],
    ['a total-deadline timeout', new TimeoutError('slow', { phase: 'total' })],
    ['a context-length error', new ContextLengthExceededError('too long')],
    ['a garbled response', new ResponseValidationError('bad json')],
    ['a client-side limiter refusal', new LimiterRejectedError('full', { limit: 'concurrency' })],
    ['a connection reset', connectionReset()],
  ])('moves on after %s', async (_, error) => {
    const primary = new MockChatModel({ responses: [{ error }] });
    const secondary = new MockChatModel({ responses: ['fallback answer'] });
    expect((await withFallback([primary, secondary]).generate(ask())).text).toBe('fallback answer');
    expect(shouldFallBack(error)).toBe(true);
  });

  it.each([
    ['an invalid request', new InvalidRequestError('bad field')],
    ['a content-filter block', new ContentFilterError('blocked')],
    ['an authentication error', new AuthenticationError('bad key')],
    ['a bug', new TypeError('undefined is not a function')],
  ])('rethrows %s as is, without trying the next model', async (_, error) => {
    const primary = new MockChatModel({ responses: [{ error }] });
    const secondary = new MockChatModel({ responses: ['never'] });
    await expect(withFallback([primary, secondary]).generate(ask())).rejects.toBe(error);
    expect(secondary.calls).toHaveLength(0);
  });

  it('lets `when` decide, with the failing model and its index', async () => {
    const error = new AuthenticationError('revoked key');
    const primary = new MockChatModel({ responses: [{ error }] });
    const secondary = new MockChatModel({ responses: ['other provider'] });
    const seen: unknown[] = [];
    const model = withFallback([primary, secondary], {
      when: (failure, context) => {
        seen.push([failure, context.index, context.from]);
        return true;
      },
    });
    expect((await model.generate(ask())).text).toBe('other provider');
    expect(seen).toEqual([[error, 0, { provider: 'mock', modelId: 'mock-model' }]]);
  });

  it('rejects with AllAttemptsFailedError listing every attempt in order', async () => {
    const first = serverError('first down');
    const second = throttled(4000);
    const primary = new MockChatModel({ modelId: 'a', responses: [{ error: first }] });
    const secondary = new MockChatModel({ modelId: 'b', responses: [{ error: second }] });
    const error = (await withFallback([primary, secondary])
      .generate(ask())
      .catch((caught: unknown) => caught)) as AllAttemptsFailedError;
    expect(AllAttemptsFailedError.isInstance(error)).toBe(true);
    expect(error.attempts).toEqual([
      { provider: 'mock', modelId: 'a', error: first },
      { provider: 'mock', modelId: 'b', error: second },
    ]);
    expect(error.errors).toEqual([first, second]);
    expect(error.retryAfterMs).toBe(4000);
    expect(error.message).toContain('1. mock:a: first down');
    expect(error.message).toContain('2. mock:b: HTTP 429');
  });

  describe('skips models that cannot serve the request', () => {
    it.each([
      [
        'tools',
        { tools: false },
        ask('Hi', { tools: [{ name: 'lookup', inputSchema: { type: 'object' } }] }),
      ],
      [
        'images',
        { vision: false },
        {
          messages: [
            {
              role: 'user' as const,
              content: [{ type: 'text' as const, text: 'What is it?' }, image],
            },
          ],
        },
      ],
      [
        'json-schema output',
        { jsonSchemaOutput: false },
        ask('Hi', { responseFormat: { type: 'json-schema', schema: { type: 'object' } } }),
      ],
      [
        'json output',
        { jsonOutput: false, jsonSchemaOutput: false },
        ask('Hi', { responseFormat: { type: 'json' } }),
      ],
      ['context window', { contextWindow: 100 }, ask('x'.repeat(1000))],
      ['output length', { maxOutputTokens: 1000 }, ask('Hi', { maxOutputTokens: 4000 })],
    ])('%s', async (feature, capabilities, request) => {
      const weak = new MockChatModel({ modelId: 'weak', capabilities, responses: ['never'] });
      const strong = new MockChatModel({ modelId: 'strong', responses: ['strong answer'] });
      const events = new ResilienceEvents();
      const seen = fallbackEvents(events);
      const result = await withFallback([weak, strong], { events }).generate(request);
      expect(result.text).toBe('strong answer');
      expect(weak.calls).toHaveLength(0);
      expect(seen[0]).toMatchObject({ reason: 'unsupported', from: { modelId: 'weak' } });
      expect((seen[0]?.error as UnsupportedFeatureError).feature).toBe(feature);
    });

    it('a tool history needs tools too, and a model that serves nothing gives AllAttemptsFailedError', async () => {
      const weak = new MockChatModel({ modelId: 'weak', capabilities: { tools: false } });
      const request = {
        messages: [
          { role: 'user' as const, content: 'Weather?' },
          {
            role: 'assistant' as const,
            content: [
              { type: 'tool-call' as const, toolCallId: 'c1', toolName: 'weather', input: {} },
            ],
          },
          {
            role: 'tool' as const,
            content: [
              {
                type: 'tool-result' as const,
                toolCallId: 'c1',
                toolName: 'weather',
                output: 'sun',
              },
            ],
          },
        ],
      };
      const error = (await withFallback([weak])
        .generate(request)
        .catch((caught: unknown) => caught)) as AllAttemptsFailedError;
      expect(AllAttemptsFailedError.isInstance(error)).toBe(true);
      expect(UnsupportedFeatureError.isInstance(error.attempts[0]?.error)).toBe(true);
      expect((error.attempts[0]?.error as Error).message).toBe(
        'mock:weak was skipped: it cannot serve tools (the request defines tools or holds tool calls).',
      );
    });

    it('does not skip for a tool list with toolChoice none', async () => {
      const weak = new MockChatModel({ capabilities: { tools: false }, responses: ['fine'] });
      const request = ask('Hi', { tools: [{ name: 't', inputSchema: {} }], toolChoice: 'none' });
      expect((await withFallback([weak]).generate(request)).text).toBe('fine');
    });
  });

  describe('streams', () => {
    it('falls back before the commit point; the stream names the answering model', async () => {
      const primary = new MockChatModel({
        provider: 'openai',
        modelId: 'gpt',
        responses: [{ error: serverError() }],
      });
      const secondary = new MockChatModel({
        provider: 'anthropic',
        modelId: 'claude',
        responses: ['streamed'],
      });
      const stream = await withFallback([primary, secondary]).stream(ask());
      expect(answeredBy(stream)).toEqual({ provider: 'anthropic', modelId: 'claude' });
      expect(textOf(await collect(stream))).toBe('streamed');
    });

    it('never falls back after the commit point', async () => {
      const primary = new MockChatModel({
        responses: [{ text: 'a b c', failAfterChunks: { chunks: 1, error: connectionReset() } }],
      });
      const secondary = new MockChatModel({ responses: ['never'] });
      const stream = await withFallback([primary, secondary]).stream(ask());
      await expect(collect(stream)).rejects.toSatisfy((error) =>
        StreamInterruptedError.isInstance(error),
      );
      expect(secondary.calls).toHaveLength(0);
    });
  });

  it('records the usage and cost of a failed attempt, in the event and in the final error', async () => {
    const usage = createUsage({ inputTokens: 1000, outputTokens: 200 });
    const interrupted = new StreamInterruptedError('broke after content', {
      provider: 'openai',
      modelId: 'gpt',
      partial: { text: 'Hal', content: [], toolCalls: [], usage, finishReason: undefined },
    });
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      capabilities: { pricing: { inputPerMillion: 2, outputPerMillion: 10 } },
      responses: [{ error: interrupted }],
    });
    const secondary = new MockChatModel({
      provider: 'anthropic',
      modelId: 'claude',
      responses: [{ error: serverError() }],
    });
    const events = new ResilienceEvents();
    const seen = fallbackEvents(events);
    const model = withFallback([primary, secondary], { events, when: () => true });

    const error = await model.generate(ask()).catch((caught: unknown) => caught);
    // 1000 input tokens at $2/M and 200 output tokens at $10/M.
    const cost = { input: 0.002, cachedInput: 0, cacheWrite: 0, output: 0.002, reasoning: 0 };
    expect(seen[0]).toMatchObject({ usage, cost: { ...cost, total: 0.004 } });
    expect(AllAttemptsFailedError.isInstance(error)).toBe(true);
    const attempts = (error as AllAttemptsFailedError).attempts;
    expect(attempts[0]).toMatchObject({ usage, cost: { total: 0.004 } });
    // A server error before any content reports no usage, so no cost either.
    expect(attempts[1]).toMatchObject({ usage: undefined, cost: undefined });
  });

  it("stops at once with the caller's reason when the caller aborts", async () => {
    const controller = new AbortController();
    const primary = new MockChatModel({
      respond: () => {
        controller.abort('stop');
        return { error: connectionReset() };
      },
    });
    const secondary = new MockChatModel({ responses: ['never'] });
    await expect(
      withFallback([primary, secondary]).generate(ask('Hi', { abortSignal: controller.signal })),
    ).rejects.toBe('stop');
    expect(secondary.calls).toHaveLength(0);
  });

  it('reports the union of capabilities, and needs at least one model', () => {
    const a = new MockChatModel({ capabilities: { vision: false, contextWindow: 8000 } });
    const b = new MockChatModel({ capabilities: { tools: false, contextWindow: 200_000 } });
    expect(withFallback([a, b]).capabilities).toMatchObject({
      vision: true,
      tools: true,
      contextWindow: 200_000,
    });
    expect(() => withFallback([])).toThrow(ConfigError);
  });
});
