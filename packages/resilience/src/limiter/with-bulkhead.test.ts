import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, collect, serverError, track } from '../../test/support.ts';
import { ResilienceEvents, type RateLimitedEvent } from '../events/resilience-events.ts';
import { LimiterRejectedError } from './limiter-rejected-error.ts';
import { withBulkhead } from './with-bulkhead.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('withBulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueued more and refuses the rest with a typed error', async () => {
    const inner = new MockChatModel({ respond: () => 'done', firstPartDelayMs: 1000 });
    const events = new ResilienceEvents();
    const seen: RateLimitedEvent[] = [];
    events.onRateLimited((event) => seen.push(event));
    const model = withBulkhead(inner, { maxConcurrent: 2, maxQueued: 1, events });

    const running = [track(model.generate(ask())), track(model.generate(ask()))];
    const queued = track(model.generate(ask()));
    const refused = await model.generate(ask()).catch((error: unknown) => error);

    expect(LimiterRejectedError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ limit: 'concurrency', isRetryable: false, provider: 'mock' });
    expect((refused as Error).message).toMatch(
      /2 calls to mock:mock-model are already running and 1 more are waiting/,
    );
    expect(model.slots()).toEqual({ executing: 0, queued: 0 });
    expect(seen.map((event) => event.action)).toEqual(['queued', 'rejected']);

    await vi.advanceTimersByTimeAsync(0);
    expect(inner.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(running.every((call) => call.value?.text === 'done')).toBe(true);
    expect(inner.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(queued.value?.text).toBe('done');
    expect(model.slots()).toEqual({ executing: 2, queued: 1 });
  });

  it('keeps a stream in its slot until the stream ends', async () => {
    const inner = new MockChatModel({ respond: () => 'a b c' });
    const model = withBulkhead(inner, { maxConcurrent: 1 });
    const first = await model.stream(ask());
    // A reader has it (a stream nobody reads reads ahead to its end, which frees the slot).
    const reading = first[Symbol.asyncIterator]();
    const second = track(model.stream(ask()));
    await vi.advanceTimersByTimeAsync(0);
    expect(second.settled).toBe(false);
    expect(inner.calls).toHaveLength(1);
    while ((await reading.next()).done !== true) {
      // Read to the end.
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(second.settled).toBe(true);
    await collect(second.value!);
    expect(model.slots()).toEqual({ executing: 1, queued: 1 });
  });

  it('frees the slot at once for a stream that finished before it was handed out', async () => {
    // No content: the stream's commit point is its finish part.
    const inner = new MockChatModel({ responses: ['', 'next'] });
    const model = withBulkhead(inner, { maxConcurrent: 1, maxQueued: 0 });
    const empty = await model.stream(ask());
    await vi.advanceTimersByTimeAsync(0);
    expect((await model.generate(ask())).text).toBe('next');
    expect(await empty.text()).toBe('');
  });

  it('frees the slot when a reader stops early or a call fails', async () => {
    const inner = new MockChatModel({
      responses: ['one two three', { error: serverError() }, 'x'],
    });
    const model = withBulkhead(inner, { maxConcurrent: 1, maxQueued: 0 });
    for await (const part of await model.stream(ask())) if (part.type === 'text-delta') break;
    await vi.advanceTimersByTimeAsync(0);
    await expect(model.generate(ask())).rejects.toThrow('HTTP 500');
    expect((await model.generate(ask())).text).toBe('x');
  });

  it("lets a queued call leave at once when its signal aborts, with the signal's reason", async () => {
    const inner = new MockChatModel({ respond: () => 'done', firstPartDelayMs: 1000 });
    const model = withBulkhead(inner, { maxConcurrent: 1, maxQueued: 2 });
    const running = track(model.generate(ask()));
    const leaving = new AbortController();
    const left = track(model.generate(ask('Hi', { abortSignal: leaving.signal })));
    const staying = track(model.generate(ask()));
    leaving.abort('not waiting');
    await left.done;
    expect(left.error).toBe('not waiting');
    await vi.advanceTimersByTimeAsync(2000);
    await staying.done;
    expect([running.value?.text, staying.value?.text]).toEqual(['done', 'done']);
    expect(inner.calls).toHaveLength(2);
  });

  it('rejects bad sizes with a ConfigError', () => {
    const inner = new MockChatModel();
    expect(() => withBulkhead(inner, { maxConcurrent: 0 })).toThrow(/bulkhead maxConcurrent/);
    expect(() => withBulkhead(inner, { maxConcurrent: 1, maxQueued: -1 })).toThrow(/maxQueued/);
  });
});
