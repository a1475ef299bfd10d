import { getEventListeners } from 'node:events';
import { StreamInterruptedError, TimeoutError, type ChatModel } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, collect, stallUntilAborted, textOf, track } from '../../test/support.ts';
import { ResilienceEvents, type TimeoutEvent } from '../events/resilience-events.ts';
import { withRetry } from '../retry/with-retry.ts';
import { withDeadline } from './with-deadline.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function timeouts(events: ResilienceEvents): TimeoutEvent[] {
  const seen: TimeoutEvent[] = [];
  events.onTimeout((event) => seen.push(event));
  return seen;
}

describe('withDeadline: before the commit point', () => {
  it('rejects stream() with a retryable first-content TimeoutError and aborts only the attempt', async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const events = new ResilienceEvents();
    const seen = timeouts(events);
    const caller = new AbortController();
    const model = withDeadline(inner, { firstContentMs: 2000, events });

    const call = track(model.stream(ask('Hi', { abortSignal: caller.signal })));
    await vi.advanceTimersByTimeAsync(1999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await call.done;

    expect(TimeoutError.isInstance(call.error)).toBe(true);
    expect(call.error).toMatchObject({
      phase: 'first-content',
      timeoutMs: 2000,
      isRetryable: true,
      provider: 'mock',
      modelId: 'mock-model',
    });
    expect((call.error as Error).message).toContain('firstContentMs');
    expect(inner.lastRequest.abortSignal?.aborted).toBe(true);
    expect(inner.lastRequest.abortSignal?.reason).toBe(call.error);
    expect(caller.signal.aborted).toBe(false);
    expect(seen).toEqual([
      expect.objectContaining({ phase: 'first-content', timeoutMs: 2000, afterCommit: false }),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('applies attemptMs before the commit point when it is the earlier deadline', async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const call = track(
      withDeadline(inner, { firstContentMs: 5000, attemptMs: 3000 }).stream(ask()),
    );
    await vi.advanceTimersByTimeAsync(3000);
    await call.done;
    expect(call.error).toMatchObject({ phase: 'attempt', timeoutMs: 3000 });
  });

  it('lets a retry above it try again with fresh deadlines', async () => {
    const stalling = new MockChatModel({
      respond: (request, call) => (call.index === 0 ? stallUntilAborted(request) : 'second try'),
    });
    const model = withRetry(withDeadline(stalling, { firstContentMs: 1000 }), {
      random: () => 0,
    });
    const call = track(model.stream(ask()));
    await vi.advanceTimersByTimeAsync(1000 + 250 + 1);
    await call.done;
    expect(textOf(await collect(call.value!))).toBe('second try');
    expect(stalling.calls).toHaveLength(2);
    expect(stalling.calls[0]?.request.abortSignal?.aborted).toBe(true);
    expect(stalling.calls[1]?.request.abortSignal?.aborted).toBe(false);
  });

  it('bounds generate() with attemptMs only', async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const events = new ResilienceEvents();
    const seen = timeouts(events);
    const call = track(
      withDeadline(inner, { attemptMs: 4000, firstContentMs: 10, idleMs: 10, events }).generate(
        ask(),
      ),
    );
    await vi.advanceTimersByTimeAsync(3999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await call.done;
    expect(call.error).toMatchObject({ code: 'timeout', phase: 'attempt', timeoutMs: 4000 });
    expect(seen[0]).toMatchObject({ operation: 'generate', phase: 'attempt' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes generate() straight through without attemptMs', async () => {
    const inner = new MockChatModel({ responses: ['ok'] });
    const request = ask();
    await withDeadline(inner, { idleMs: 10 }).generate(request);
    expect(inner.lastRequest).toBe(request);
  });

  it("rejects with the caller's own reason when the caller aborts first", async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const caller = new AbortController();
    const call = track(
      withDeadline(inner, { firstContentMs: 5000 }).stream(
        ask('Hi', { abortSignal: caller.signal }),
      ),
    );
    await vi.advanceTimersByTimeAsync(100);
    caller.abort('user cancelled');
    await call.done;
    expect(call.error).toBe('user cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the caller's own reason under an idle deadline alone", async () => {
    const inner = new MockChatModel({ respond: stallUntilAborted });
    const caller = new AbortController();
    const call = track(
      withDeadline(inner, { idleMs: 1000 }).stream(ask('Hi', { abortSignal: caller.signal })),
    );
    await vi.advanceTimersByTimeAsync(5000);
    expect(call.settled).toBe(false);
    caller.abort('user cancelled');
    await call.done;
    expect(call.error).toBe('user cancelled');
    expect(inner.lastRequest.abortSignal?.reason).toBe('user cancelled');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('turns a model that throws at once into a rejection and leaves nothing behind', async () => {
    const failure = new Error('bug');
    const mock = new MockChatModel();
    const throwing: ChatModel = {
      specificationVersion: 'v1',
      provider: mock.provider,
      modelId: mock.modelId,
      capabilities: mock.capabilities,
      stream: (): never => {
        throw failure;
      },
      generate: (): never => {
        throw failure;
      },
    };
    const caller = new AbortController();
    const request = ask('Hi', { abortSignal: caller.signal });
    await expect(withDeadline(throwing, { idleMs: 1000 }).stream(request)).rejects.toBe(failure);
    const bounded = withDeadline(throwing, { firstContentMs: 1000, attemptMs: 2000 });
    await expect(bounded.stream(request)).rejects.toBe(failure);
    await expect(bounded.generate(request)).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('stops its timer at the commit point when no deadline applies after it', async () => {
    const inner = new MockChatModel({ responses: ['fast answer'] });
    const stream = await withDeadline(inner, { firstContentMs: 5000 }).stream(ask());
    // Taken at once, as readers do (an untaken stream would schedule its read-ahead).
    const text = stream.text();
    expect(vi.getTimerCount()).toBe(0);
    expect(await text).toBe('fast answer');
  });
});

describe('withDeadline: after the commit point', () => {
  it('ends a stalled stream with StreamInterruptedError caused by an idle TimeoutError', async () => {
    const inner = new MockChatModel({
      responses: [{ text: 'one two three', stallAfterChunks: 1 }],
    });
    const events = new ResilienceEvents();
    const seen = timeouts(events);
    const caller = new AbortController();
    const stream = await withDeadline(inner, { idleMs: 1500, events }).stream(
      ask('Hi', { abortSignal: caller.signal }),
    );
    const reading = track(collect(stream));
    await vi.advanceTimersByTimeAsync(1499);
    expect(reading.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await reading.done;

    const error = reading.error as StreamInterruptedError;
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error.partialText).toBe('one ');
    expect(TimeoutError.isInstance(error.cause)).toBe(true);
    expect(error.cause).toMatchObject({ phase: 'idle', timeoutMs: 1500 });
    expect(caller.signal.aborted).toBe(false);
    expect(inner.lastRequest.abortSignal?.aborted).toBe(true);
    expect(seen[0]).toMatchObject({ phase: 'idle', afterCommit: true, operation: 'stream' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not expire while parts keep arriving faster than idleMs', async () => {
    const chunks = Array.from({ length: 20 }, (_, index) => `w${index} `);
    const inner = new MockChatModel({ responses: [{ chunks }], partDelayMs: 900 });
    const opened = track(withDeadline(inner, { idleMs: 1000 }).stream(ask()));
    // The first text (the commit point) comes at 2.7 s.
    await vi.advanceTimersByTimeAsync(3000);
    const reading = track(collect((await opened.done, opened.value!)));
    await vi.advanceTimersByTimeAsync(30_000);
    await reading.done;
    expect(textOf(reading.value!)).toBe(chunks.join(''));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reuses one timer for a fast stream instead of one per part', async () => {
    const chunks = Array.from({ length: 500 }, () => 'x');
    const inner = new MockChatModel({ responses: [{ chunks }] });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const stream = await withDeadline(inner, { idleMs: 1000, attemptMs: 60_000 }).stream(ask());
    expect(await stream.text()).toBe('x'.repeat(500));
    // The mock waits on no timer when partDelayMs is 0: every call here is the clock's.
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('does not blame the provider for a slow reader', async () => {
    const inner = new MockChatModel({ responses: ['all parts are ready'] });
    const stream = await withDeadline(inner, { idleMs: 100 }).stream(ask());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await stream.text()).toBe('all parts are ready');
  });

  it('ends a stream that outlives attemptMs with StreamInterruptedError (phase attempt)', async () => {
    const inner = new MockChatModel({ responses: ['a b c d e f'], partDelayMs: 1000 });
    const opened = track(withDeadline(inner, { attemptMs: 4500 }).stream(ask()));
    // The first text (the commit point) comes at 3 s, one more word each second.
    await vi.advanceTimersByTimeAsync(3000);
    await opened.done;
    const reading = track(collect(opened.value!));
    await vi.advanceTimersByTimeAsync(1500);
    await reading.done;
    const error = reading.error as StreamInterruptedError;
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error.cause).toMatchObject({ phase: 'attempt', timeoutMs: 4500 });
    expect(error.partialText).toBe('a b ');
  });

  it("ends the stream with the caller's reason, unwrapped, when the caller aborts", async () => {
    const inner = new MockChatModel({ responses: [{ text: 'one two', stallAfterChunks: 1 }] });
    const caller = new AbortController();
    const stream = await withDeadline(inner, { idleMs: 5000 }).stream(
      ask('Hi', { abortSignal: caller.signal }),
    );
    const reading = track(collect(stream));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('navigated away');
    caller.abort(reason);
    await reading.done;
    expect(reading.error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("holds the caller's signal only while the stream is open", async () => {
    const inner = new MockChatModel({ responses: ['one two three'], partDelayMs: 10 });
    const caller = new AbortController();
    const opened = track(
      withDeadline(inner, { idleMs: 1000 }).stream(ask('Hi', { abortSignal: caller.signal })),
    );
    await vi.advanceTimersByTimeAsync(50);
    const stream = (await opened.done, opened.value!);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    const text = track(stream.text());
    await vi.advanceTimersByTimeAsync(100);
    await text.done;
    expect(text.value).toBe('one two three');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs the idle deadline only while the reader waits for the provider', async () => {
    // Parts that arrive together (one network read) are delivered without waiting:
    // a reader that takes longer than idleMs between them is not the provider's fault.
    const inner = new MockChatModel({
      responses: [{ text: 'one two three', stallAfterChunks: 2 }],
    });
    const stream = await withDeadline(inner, { idleMs: 1000 }).stream(ask());
    const parts = stream[Symbol.asyncIterator]();
    const seen: string[] = [];
    const reading = track(
      (async () => {
        for (;;) {
          const next = await parts.next();
          if (next.done === true) return;
          if (next.value.type === 'text-delta') seen.push(next.value.delta);
        }
      })(),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(reading.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await reading.done;
    expect(seen).toEqual(['one ', 'two ']);
    expect((reading.error as StreamInterruptedError).cause).toMatchObject({ phase: 'idle' });
  });

  it('closes the connection and stops the clock when the reader stops early', async () => {
    const inner = new MockChatModel({ responses: ['one two three four'], partDelayMs: 10 });
    const opened = track(withDeadline(inner, { idleMs: 1000 }).stream(ask()));
    await vi.advanceTimersByTimeAsync(100);
    const stream = (await opened.done, opened.value!);
    const reading = (async () => {
      for await (const part of stream) if (part.type === 'text-delta') break;
    })();
    await vi.advanceTimersByTimeAsync(100);
    await reading;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps provider and model id of the stream', async () => {
    const inner = new MockChatModel({ provider: 'p', modelId: 'm', responses: ['x'] });
    const stream = await withDeadline(inner, { idleMs: 10 }).stream(ask());
    expect([stream.provider, stream.modelId]).toEqual(['p', 'm']);
    await stream.final();
  });
});

it('rejects non-positive deadlines with a ConfigError', () => {
  const inner = new MockChatModel();
  expect(() => withDeadline(inner, { idleMs: 0 })).toThrow(/deadline idleMs must be/);
  expect(() => withDeadline(inner, { firstContentMs: -1 })).toThrow(/firstContentMs/);
  expect(() => withDeadline(inner, { attemptMs: Number.NaN })).toThrow(/attemptMs/);
});
