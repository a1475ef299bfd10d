import { RateLimitError, createUsage, type ChatStreamPart } from '@org/llm-core';
import { MockChatModel, type MockResponse } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, throttled, track } from '../../test/support.ts';
import { ResilienceEvents, type RateLimitedEvent } from '../events/resilience-events.ts';
import { estimateInputTokens } from './estimate-request-tokens.ts';
import { LimiterRejectedError } from './limiter-rejected-error.ts';
import { RateLimiter } from './rate-limiter.ts';
import { withRateLimit } from './with-rate-limit.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function answerWithHeaders(
  headers: Record<string, string>,
  usage = { inputTokens: 5, outputTokens: 5 },
): MockResponse {
  const parts: ChatStreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'r', modelId: 'mock-model', headers },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: 'ok' },
    { type: 'text-end', id: 't' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: createUsage(usage) },
  ];
  return { parts };
}

function rateEvents(events: ResilienceEvents): RateLimitedEvent[] {
  const seen: RateLimitedEvent[] = [];
  events.onRateLimited((event) => seen.push(event));
  return seen;
}

describe('withRateLimit: requests per minute', () => {
  it('lets a full minute burst through, then queues the next call until a request refills', async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const events = new ResilienceEvents();
    const seen = rateEvents(events);
    const model = withRateLimit(inner, { requestsPerMinute: 60, events });
    for (let index = 0; index < 60; index++) await model.generate(ask());
    expect(seen).toEqual([]);

    const queued = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(999);
    expect(queued.settled).toBe(false);
    expect(inner.calls).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(1);
    await queued.done;
    expect(queued.value?.text).toBe('ok');
    expect(seen).toEqual([
      expect.objectContaining({ limit: 'requests-per-minute', action: 'waiting', waitMs: 1000 }),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once with onLimit: 'reject', saying when capacity returns", async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const model = withRateLimit(inner, { requestsPerMinute: 1, onLimit: 'reject' });
    await model.generate(ask());
    const error = await model.generate(ask()).catch((caught: unknown) => caught);
    expect(LimiterRejectedError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      limit: 'requests-per-minute',
      kind: 'throttled',
      isRetryable: false,
      retryAfterMs: 60_000,
    });
    expect((error as Error).message).toContain('set to reject');
    expect(inner.calls).toHaveLength(1);
  });

  it('rejects a call whose wait would exceed maxWaitMs', async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const model = withRateLimit(inner, { requestsPerMinute: 6, maxWaitMs: 5000 });
    for (let index = 0; index < 6; index++) await model.generate(ask());
    await expect(model.generate(ask())).rejects.toThrow(/longer than maxWaitMs \(5000ms\)/);
  });

  it('serves waiters first in, first out, and an aborted waiter leaves the line', async () => {
    const inner = new MockChatModel({ respond: (request) => String(request.metadata?.n) });
    const model = withRateLimit(inner, { requestsPerMinute: 60 });
    for (let index = 0; index < 60; index++) await model.generate(ask());
    const leaving = new AbortController();
    const first = track(model.generate(ask('a', { metadata: { n: 1 } })));
    const second = track(
      model.generate(ask('b', { metadata: { n: 2 }, abortSignal: leaving.signal })),
    );
    const third = track(model.generate(ask('c', { metadata: { n: 3 } })));
    leaving.abort('gone');
    await second.done;
    expect(second.error).toBe('gone');
    await vi.advanceTimersByTimeAsync(1000);
    expect([first.value?.text, third.settled]).toEqual(['1', false]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(third.value?.text).toBe('3');
    expect(inner.calls).toHaveLength(62);
  });
});

describe('withRateLimit: tokens per minute', () => {
  it('estimates input plus maxOutputTokens before the call', async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const limiter = new RateLimiter({ tokensPerMinute: 10_000 });
    const acquire = vi.spyOn(limiter, 'acquire');
    const model = withRateLimit(inner, { limiter });
    const request = ask('x'.repeat(400), { maxOutputTokens: 300 });
    await model.generate(request);
    expect(estimateInputTokens(request)).toBe(104);
    expect(acquire.mock.calls[0]?.[0]).toBe(404);
  });

  it('corrects the estimate from actual usage, so the next call need not wait', async () => {
    const inner = new MockChatModel({
      responses: [answerWithHeaders({}, { inputTokens: 50, outputTokens: 50 }), 'second'],
    });
    const model = withRateLimit(inner, { tokensPerMinute: 1000, estimateTokens: () => 600 });
    await model.generate(ask());
    // Estimated 600, used 100: 500 come back, so 900 are left for the next 600.
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(0);
    expect(next.value?.text).toBe('second');
  });

  it('charges an underestimate to later calls', async () => {
    const inner = new MockChatModel({
      responses: [answerWithHeaders({}, { inputTokens: 450, outputTokens: 500 }), 'second'],
    });
    const events = new ResilienceEvents();
    const seen = rateEvents(events);
    const model = withRateLimit(inner, {
      tokensPerMinute: 1000,
      estimateTokens: () => 100,
      events,
    });
    await model.generate(ask());
    // Used 950 of 1000: the next 100 need 50 more, 3 s at 1000 a minute.
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(2999);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next.done;
    expect(seen[0]).toMatchObject({ limit: 'tokens-per-minute', waitMs: 3000 });
  });

  it('corrects a stream from its usage when it ends', async () => {
    const inner = new MockChatModel({
      responses: [answerWithHeaders({}, { inputTokens: 10, outputTokens: 10 }), 'second'],
    });
    const model = withRateLimit(inner, {
      tokensPerMinute: 1000,
      estimateTokens: () => 900,
      maxWaitMs: 60_000,
    });
    const stream = await model.stream(ask());
    // A reader has it (a stream nobody reads reads ahead to its end, which corrects it then).
    const reading = stream[Symbol.asyncIterator]();
    const blocked = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(0);
    expect(blocked.settled).toBe(false);
    while ((await reading.next()).done !== true) {
      // Read to the end.
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(blocked.value?.text).toBe('second');
  });

  it('refuses a request larger than the whole per-minute budget', async () => {
    const inner = new MockChatModel({ respond: () => 'ok' });
    const model = withRateLimit(inner, { tokensPerMinute: 1000, estimateTokens: () => 1001 });
    await expect(model.generate(ask())).rejects.toThrow(/can never be sent/);
    expect(inner.calls).toHaveLength(0);
  });
});

describe('withRateLimit: what the provider says', () => {
  it('waits for the reset when the headers say nothing remains', async () => {
    const inner = new MockChatModel({
      responses: [
        answerWithHeaders({
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '2s',
        }),
        'after reset',
      ],
    });
    const model = withRateLimit(inner, { requestsPerMinute: 1000 });
    await model.generate(ask());
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(1999);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next.done;
    expect(next.value?.text).toBe('after reset');
  });

  it("lowers the token bucket to Anthropic's remaining tokens", async () => {
    const inner = new MockChatModel({
      responses: [
        answerWithHeaders(
          { 'anthropic-ratelimit-tokens-remaining': '100' },
          { inputTokens: 0, outputTokens: 0 },
        ),
        'later',
      ],
    });
    const model = withRateLimit(inner, { tokensPerMinute: 60_000, estimateTokens: () => 1100 });
    // Level after the call: min(60,000 − 1,100 + 1,100 refund, 100) = 100; the next needs 1,000 more: 1 s.
    await model.generate(ask());
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(999);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next.done;
    expect(next.value?.text).toBe('later');
  });

  it("learns from a 429's rate-limit headers even without Retry-After", async () => {
    const error = new RateLimitError('429', {
      kind: 'throttled',
      headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '4s' },
    });
    const inner = new MockChatModel({ responses: [{ error }, 'after reset'] });
    const model = withRateLimit(inner, { tokensPerMinute: 100_000 });
    await expect(model.generate(ask())).rejects.toBe(error);
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(3999);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next.done;
    expect(next.value?.text).toBe('after reset');
  });

  it("pauses for a provider 429's Retry-After", async () => {
    const inner = new MockChatModel({ responses: [{ error: throttled(3000) }, 'after pause'] });
    const model = withRateLimit(inner, { requestsPerMinute: 1000 });
    await expect(model.generate(ask())).rejects.toMatchObject({ retryAfterMs: 3000 });
    const next = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(2999);
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next.done;
    expect(next.value?.text).toBe('after pause');
  });
});

it('shares one limiter between models of one account', async () => {
  const limiter = new RateLimiter({ requestsPerMinute: 2, onLimit: 'reject' });
  const a = withRateLimit(new MockChatModel({ respond: () => 'a' }), { limiter });
  const b = withRateLimit(new MockChatModel({ respond: () => 'b' }), { limiter });
  await a.generate(ask());
  await b.generate(ask());
  await expect(a.generate(ask())).rejects.toSatisfy((error) =>
    LimiterRejectedError.isInstance(error),
  );
});

it('rejects bad limits with a ConfigError naming them', () => {
  const inner = new MockChatModel();
  expect(() => withRateLimit(inner, { requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
  expect(() => withRateLimit(inner, { tokensPerMinute: -5 })).toThrow(/tokensPerMinute/);
});
