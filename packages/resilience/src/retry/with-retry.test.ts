import {
  AuthenticationError,
  ConfigError,
  ContentFilterError,
  ContextLengthExceededError,
  InvalidRequestError,
  StreamInterruptedError,
  TimeoutError,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ask,
  collect,
  connectionReset,
  overloaded,
  quotaExhausted,
  serverError,
  stallUntilAborted,
  textOf,
  throttled,
  track,
} from '../../test/support.ts';
import {
  ResilienceEvents,
  type GiveUpEvent,
  type RetryEvent,
} from '../events/resilience-events.ts';
import { withRetry } from './with-retry.ts';

const half = (): number => 0.5;

function recordEvents(events: ResilienceEvents): { retries: RetryEvent[]; giveUps: GiveUpEvent[] } {
  const retries: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  events.onRetry((event) => retries.push(event));
  events.onGiveUp((event) => giveUps.push(event));
  return { retries, giveUps };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('withRetry', () => {
  it('retries a server error after the exponential delay and tags each attempt', async () => {
    const inner = new MockChatModel({ responses: [{ error: serverError() }, 'Hello'] });
    const events = new ResilienceEvents();
    const { retries } = recordEvents(events);
    const model = withRetry(inner, { random: half, events });

    const call = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(374);
    expect(inner.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    await call.done;

    expect(call.value?.text).toBe('Hello');
    expect(inner.calls.map((c) => c.request.headers?.['x-llm-attempt'])).toEqual(['1', '2']);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      provider: 'mock',
      modelId: 'mock-model',
      operation: 'generate',
      attempt: 1,
      delayMs: 375,
      retryAfterMs: undefined,
      // An HTTP error before any content reports no usage, so it has no cost.
      usage: undefined,
      cost: undefined,
    });
    expect(retries[0]?.error.code).toBe('server');
  });

  it('grows the exponential delay per attempt: 375 ms, then 750 ms (initial 500, factor 2, jitter 0.5)', async () => {
    const inner = new MockChatModel({
      responses: [{ error: serverError() }, { error: connectionReset() }, 'third time'],
    });
    const events = new ResilienceEvents();
    const { retries } = recordEvents(events);
    const call = track(withRetry(inner, { random: half, events }).generate(ask()));
    await vi.advanceTimersByTimeAsync(376);
    expect(inner.calls).toHaveLength(2);
    // Retries start `delayMs` after the failure, plus at most one timer tick
    // (cockatiel's retry loop yields to a zero-delay timer between attempts).
    await vi.advanceTimersByTimeAsync(748);
    expect(inner.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3);
    await call.done;
    expect(call.value?.text).toBe('third time');
    expect(retries.map((event) => event.delayMs)).toEqual([375, 750]);
    expect(retries.map((event) => event.attempt)).toEqual([1, 2]);
  });

  it.each([
    { retryAfterMs: 0, expected: 25 },
    { retryAfterMs: 100, expected: 125 },
    { retryAfterMs: 2000, expected: 2100 },
    { retryAfterMs: 20_000, expected: 20_500 },
  ])(
    'waits Retry-After $retryAfterMs ms plus jitter: exactly $expected ms',
    async ({ retryAfterMs, expected }) => {
      const inner = new MockChatModel({ responses: [{ error: throttled(retryAfterMs) }, 'ok'] });
      const events = new ResilienceEvents();
      const { retries } = recordEvents(events);
      const call = track(withRetry(inner, { random: half, events }).generate(ask()));
      await vi.advanceTimersByTimeAsync(expected - 1);
      expect(inner.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2);
      await call.done;
      expect(inner.calls).toHaveLength(2);
      expect(retries[0]).toMatchObject({ delayMs: expected, retryAfterMs });
    },
  );

  it('never retries earlier than Retry-After, even with zero jitter', async () => {
    const inner = new MockChatModel({ responses: [{ error: overloaded(3000) }, 'ok'] });
    const call = track(withRetry(inner, { random: () => 0 }).generate(ask()));
    await vi.advanceTimersByTimeAsync(2999);
    expect(inner.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    await call.done;
    expect(call.value?.text).toBe('ok');
  });

  it("uses the current attempt's Retry-After, never an earlier attempt's", async () => {
    const inner = new MockChatModel({
      responses: [{ error: throttled(5000) }, { error: serverError() }, 'ok'],
    });
    const events = new ResilienceEvents();
    const { retries } = recordEvents(events);
    const call = track(withRetry(inner, { random: half, events }).generate(ask()));
    await vi.runAllTimersAsync();
    await call.done;
    // 5000 + 0.5 × 500, then the exponential delay of attempt 2 (cap 1000): 750, not 5000 again.
    expect(retries.map((event) => event.delayMs)).toEqual([5250, 750]);
  });

  it('throws a Retry-After longer than maxRetryAfterMs at once, so a fallback can act', async () => {
    const error = throttled(61_000);
    const inner = new MockChatModel({ responses: [{ error }, 'never'] });
    const events = new ResilienceEvents();
    const { retries, giveUps } = recordEvents(events);
    const call = track(withRetry(inner, { events }).generate(ask()));
    await vi.advanceTimersByTimeAsync(0);
    expect(call.settled).toBe(true);
    expect(call.error).toBe(error);
    expect(inner.calls).toHaveLength(1);
    expect(retries).toEqual([]);
    expect(giveUps[0]).toMatchObject({ reason: 'retry-after-too-long', attempts: 1 });
  });

  it('sleeps on a Retry-After equal to maxRetryAfterMs', async () => {
    const inner = new MockChatModel({ responses: [{ error: throttled(1000) }, 'ok'] });
    const call = track(
      withRetry(inner, { maxRetryAfterMs: 1000, random: () => 0 }).generate(ask()),
    );
    await vi.advanceTimersByTimeAsync(1001);
    await call.done;
    expect(call.value?.text).toBe('ok');
  });

  it.each([
    ['quota exhausted', quotaExhausted()],
    ['authentication', new AuthenticationError('bad key', { isRetryable: true })],
    ['invalid request', new InvalidRequestError('bad', { isRetryable: true })],
    ['context length', new ContextLengthExceededError('too long', { isRetryable: true })],
    ['content filter', new ContentFilterError('blocked', { isRetryable: true })],
  ])('never retries %s, even when a header marked it retryable', async (_, error) => {
    const inner = new MockChatModel({ responses: [{ error }, 'never'] });
    const events = new ResilienceEvents();
    const { giveUps } = recordEvents(events);
    await expect(withRetry(inner, { events }).generate(ask())).rejects.toBe(error);
    expect(inner.calls).toHaveLength(1);
    expect(giveUps[0]).toMatchObject({ reason: 'not-retryable', attempts: 1, error });
  });

  it('does not retry errors that are not LlmErrors (bugs, unknown failures)', async () => {
    const bug = new TypeError('x is undefined');
    const inner = new MockChatModel({ responses: [{ error: bug }, 'never'] });
    await expect(withRetry(inner).generate(ask())).rejects.toBe(bug);
    expect(inner.calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const last = serverError('third');
    const inner = new MockChatModel({
      responses: [{ error: serverError() }, { error: serverError() }, { error: last }, 'never'],
    });
    const events = new ResilienceEvents();
    const { giveUps } = recordEvents(events);
    const call = track(withRetry(inner, { events }).generate(ask()));
    await vi.runAllTimersAsync();
    await call.done;
    expect(call.error).toBe(last);
    expect(inner.calls).toHaveLength(3);
    expect(giveUps[0]).toMatchObject({ reason: 'attempts-exhausted', attempts: 3 });
  });

  it('maxAttempts 1 turns retrying off', async () => {
    const error = serverError();
    const inner = new MockChatModel({ responses: [{ error }, 'never'] });
    await expect(withRetry(inner, { maxAttempts: 1 }).generate(ask())).rejects.toBe(error);
    expect(inner.calls).toHaveLength(1);
  });

  it('lets shouldRetry narrow the retryable errors', async () => {
    const error = serverError();
    const inner = new MockChatModel({ responses: [{ error }, 'never'] });
    const shouldRetry = vi.fn(() => false);
    await expect(withRetry(inner, { shouldRetry }).generate(ask())).rejects.toBe(error);
    expect(shouldRetry).toHaveBeenCalledWith(error, expect.objectContaining({ attempt: 1 }));
    expect(inner.calls).toHaveLength(1);
  });

  it('retries a model that throws synchronously as it retries a rejection, once per attempt', async () => {
    const inner = new MockChatModel({ responses: ['Hello'] });
    let calls = 0;
    const flaky = {
      specificationVersion: 'v1' as const,
      provider: inner.provider,
      modelId: inner.modelId,
      capabilities: inner.capabilities,
      generate: (request: Parameters<MockChatModel['generate']>[0]) => {
        calls++;
        if (calls === 1) throw serverError();
        return inner.generate(request);
      },
      stream: (request: Parameters<MockChatModel['stream']>[0]) => inner.stream(request),
    };
    const events = new ResilienceEvents();
    const { retries, giveUps } = recordEvents(events);
    const call = track(withRetry(flaky, { random: half, events }).generate(ask()));
    await vi.advanceTimersByTimeAsync(400);
    await call.done;
    expect(call.value?.text).toBe('Hello');
    expect(calls).toBe(2);
    expect(retries.map((event) => event.attempt)).toEqual([1]);
    expect(giveUps).toEqual([]);
    expect(inner.calls.map((c) => c.request.headers?.['x-llm-attempt'])).toEqual(['2']);
  });

  it('names the attempt header as configured, or sends none', async () => {
    const custom = new MockChatModel({ responses: ['a'] });
    await withRetry(custom, { attemptHeader: 'x-try' }).generate(
      ask('Hi', { headers: { 'x-app': '1' } }),
    );
    expect(custom.lastRequest.headers).toEqual({ 'x-app': '1', 'x-try': '1' });
    const none = new MockChatModel({ responses: ['a'] });
    await withRetry(none, { attemptHeader: false }).generate(ask());
    expect(none.lastRequest.headers).toBeUndefined();
  });

  it("never changes the caller's request, and passes it as is when there is nothing to tag", async () => {
    const headers = { 'x-app': '1' };
    const request = ask('Hi', { headers });
    const tagged = new MockChatModel({ responses: [{ error: serverError() }, 'a'] });
    const call = track(withRetry(tagged, { random: half }).generate(request));
    await vi.advanceTimersByTimeAsync(376);
    await call.done;
    expect(tagged.calls.map((c) => c.request.headers)).toEqual([
      { 'x-app': '1', 'x-llm-attempt': '1' },
      { 'x-app': '1', 'x-llm-attempt': '2' },
    ]);
    expect(request.headers).toEqual({ 'x-app': '1' });

    const untagged = new MockChatModel({ responses: ['a'] });
    await withRetry(untagged, { attemptHeader: false }).generate(request);
    expect(untagged.lastRequest).toBe(request);
  });

  it('keeps concurrent calls apart: each has its own attempts, waits and verdict', async () => {
    const inner = new MockChatModel({
      respond: (request, call) => {
        const who = request.messages[0]?.content as string;
        if (who === 'flaky' && call.index < 3) return { error: serverError() };
        if (who === 'denied') {
          return { error: new AuthenticationError('HTTP 401', { provider: 'mock', status: 401 }) };
        }
        return `answer to ${who}`;
      },
    });
    const events = new ResilienceEvents();
    const { retries, giveUps } = recordEvents(events);
    const model = withRetry(inner, { random: half, events });

    const flaky = track(model.generate(ask('flaky')));
    const denied = track(model.generate(ask('denied')));
    // Each wait also passes one 1 ms tick of cockatiel between attempts.
    await vi.advanceTimersByTimeAsync(375 + 750 + 2);
    await Promise.all([flaky.done, denied.done]);

    expect(flaky.value?.text).toBe('answer to flaky');
    expect(AuthenticationError.isInstance(denied.error)).toBe(true);
    const attemptsOf = (who: string): unknown[] =>
      inner.calls
        .filter((c) => c.request.messages[0]?.content === who)
        .map((c) => c.request.headers?.['x-llm-attempt']);
    expect(attemptsOf('flaky')).toEqual(['1', '2', '3']);
    expect(attemptsOf('denied')).toEqual(['1']);
    expect(retries.map(({ attempt, delayMs }) => ({ attempt, delayMs }))).toEqual([
      { attempt: 1, delayMs: 375 },
      { attempt: 2, delayMs: 750 },
    ]);
    expect(giveUps).toEqual([
      expect.objectContaining({ attempts: 1, reason: 'not-retryable', error: denied.error }),
    ]);
  });

  describe('total deadline', () => {
    it('aborts the running attempt and rejects with a TimeoutError of phase total', async () => {
      const inner = new MockChatModel({ respond: stallUntilAborted });
      const events = new ResilienceEvents();
      const { giveUps } = recordEvents(events);
      const call = track(withRetry(inner, { deadlineMs: 5000, events }).generate(ask()));
      await vi.advanceTimersByTimeAsync(4999);
      expect(call.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await call.done;
      expect(TimeoutError.isInstance(call.error)).toBe(true);
      expect(call.error).toMatchObject({ phase: 'total', timeoutMs: 5000, isRetryable: false });
      expect(inner.calls[0]?.request.abortSignal?.aborted).toBe(true);
      expect(giveUps[0]).toMatchObject({ reason: 'deadline', attempts: 1 });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('gives up at once with the last error when the next wait would end past it', async () => {
      const error = throttled(4000);
      const inner = new MockChatModel({ responses: [{ error }, 'never'] });
      const events = new ResilienceEvents();
      const { giveUps } = recordEvents(events);
      const call = track(withRetry(inner, { deadlineMs: 3000, events }).generate(ask()));
      await vi.advanceTimersByTimeAsync(0);
      expect(call.settled).toBe(true);
      expect(call.error).toBe(error);
      expect(giveUps[0]).toMatchObject({ reason: 'deadline' });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('bounds a stream up to its commit point only', async () => {
      const inner = new MockChatModel({ responses: ['one two three'], partDelayMs: 1000 });
      const model = withRetry(inner, { deadlineMs: 3500 });
      const opened = track(model.stream(ask()));
      // The mock waits 1 s before stream-start and response-metadata, then
      // sends text-start at 2 s and the first text (the commit point) at 3 s;
      // the rest takes 3 s more, past the deadline.
      await vi.advanceTimersByTimeAsync(3000);
      await opened.done;
      const stream = opened.value!;
      const text = track(stream.text());
      await vi.advanceTimersByTimeAsync(10_000);
      await text.done;
      expect(text.value).toBe('one two three');
    });
  });

  describe('abort', () => {
    it("rejects at once with the caller's reason during a backoff wait, leaving no timer", async () => {
      const inner = new MockChatModel({ responses: [{ error: serverError() }, 'never'] });
      const controller = new AbortController();
      const call = track(withRetry(inner).generate(ask('Hi', { abortSignal: controller.signal })));
      await vi.advanceTimersByTimeAsync(100);
      const reason = new Error('user left');
      controller.abort(reason);
      await vi.advanceTimersByTimeAsync(0);
      expect(call.settled).toBe(true);
      expect(call.error).toBe(reason);
      expect(inner.calls).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it("rejects with the caller's reason, unwrapped, during an attempt (with a total deadline too)", async () => {
      const inner = new MockChatModel({ respond: stallUntilAborted });
      const controller = new AbortController();
      const call = track(
        withRetry(inner, { deadlineMs: 10_000 }).generate(
          ask('Hi', { abortSignal: controller.signal }),
        ),
      );
      await vi.advanceTimersByTimeAsync(10);
      controller.abort('stop');
      await call.done;
      expect(call.error).toBe('stop');
      expect(vi.getTimerCount()).toBe(0);
    });

    it('never starts when the signal is already aborted', async () => {
      const inner = new MockChatModel({ responses: ['never'] });
      const controller = new AbortController();
      controller.abort('already');
      await expect(
        withRetry(inner).generate(ask('Hi', { abortSignal: controller.signal })),
      ).rejects.toBe('already');
      expect(inner.calls).toHaveLength(0);
    });
  });

  describe('streams', () => {
    it('retries a failure before the commit point invisibly', async () => {
      const inner = new MockChatModel({ responses: [{ error: overloaded() }, 'Hello there'] });
      const call = track(withRetry(inner, { random: half }).stream(ask()));
      await vi.runAllTimersAsync();
      await call.done;
      expect(textOf(await collect(call.value!))).toBe('Hello there');
      expect(inner.calls.map((c) => c.operation)).toEqual(['stream', 'stream']);
    });

    it('does not retry a failure after the commit point: the stream ends with StreamInterruptedError', async () => {
      const inner = new MockChatModel({
        responses: [
          { text: 'one two three', failAfterChunks: { chunks: 1, error: connectionReset() } },
          'never',
        ],
      });
      const stream = await withRetry(inner).stream(ask());
      const error = await collect(stream).catch((caught: unknown) => caught);
      expect(StreamInterruptedError.isInstance(error)).toBe(true);
      expect((error as StreamInterruptedError).partialText).toBe('one ');
      expect(inner.calls).toHaveLength(1);
    });
  });

  it('rejects bad options with a ConfigError that names the option', () => {
    const inner = new MockChatModel();
    expect(() => withRetry(inner, { maxAttempts: 0 })).toThrow(ConfigError);
    expect(() => withRetry(inner, { maxAttempts: 1.5 })).toThrow(
      /retry maxAttempts must be a whole number/,
    );
    expect(() => withRetry(inner, { deadlineMs: 0 })).toThrow(/deadlineMs/);
    expect(() => withRetry(inner, { backoffFactor: 0.5 })).toThrow(/backoffFactor/);
  });

  it('keeps the wrapped model identity and capabilities', () => {
    const inner = new MockChatModel({
      provider: 'p',
      modelId: 'm',
      capabilities: { vision: false },
    });
    const model = withRetry(inner);
    expect(model).toMatchObject({ provider: 'p', modelId: 'm', specificationVersion: 'v1' });
    expect(model.capabilities.vision).toBe(false);
  });
});
