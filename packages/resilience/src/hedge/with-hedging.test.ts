import { AllAttemptsFailedError, InvalidRequestError } from '@org/llm-core';
import { MockChatModel, type MockResponse } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ask,
  collect,
  overloaded,
  serverError,
  stallUntilAborted,
  textOf,
  track,
} from '../../test/support.ts';
import { ResilienceEvents, type HedgeEvent } from '../events/resilience-events.ts';
import { answeredBy } from '../fallback/answered-by.ts';
import { LatencyWindow } from './latency-window.ts';
import { withHedging } from './with-hedging.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function hedgeEvents(events: ResilienceEvents): HedgeEvent[] {
  const seen: HedgeEvent[] = [];
  events.onHedge((event) => seen.push(event));
  return seen;
}

/** A response after `ms` of silence (fake timers), aborted with the request. */
function after(
  ms: number,
  response: MockResponse,
): (request: Parameters<typeof stallUntilAborted>[0]) => Promise<MockResponse> {
  return (request) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        resolve(response);
      }, ms);
      request.abortSignal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(request.abortSignal?.reason as Error);
      });
    });
}

describe('withHedging', () => {
  it('starts the backup after delayMs without content; the first to answer wins, the other is aborted', async () => {
    const primary = new MockChatModel({ modelId: 'primary', respond: after(5000, 'slow') });
    const backup = new MockChatModel({ modelId: 'backup', respond: after(200, 'fast') });
    const events = new ResilienceEvents();
    const seen = hedgeEvents(events);
    const call = track(withHedging([primary, backup], { delayMs: 1000, events }).generate(ask()));

    await vi.advanceTimersByTimeAsync(999);
    expect(backup.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(backup.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await call.done;

    expect(call.value?.text).toBe('fast');
    expect(answeredBy(call.value!)).toEqual({ provider: 'mock', modelId: 'backup' });
    expect(primary.lastRequest.abortSignal?.aborted).toBe(true);
    expect(seen.map((event) => [event.action, event.index, event.delayMs])).toEqual([
      ['started', 1, 1000],
      ['won', 1, 1000],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends nothing more when the primary answers within the delay', async () => {
    const primary = new MockChatModel({ respond: after(300, 'quick') });
    const backup = new MockChatModel({ respond: () => 'never' });
    const call = track(withHedging([primary, backup], { delayMs: 1000 }).generate(ask()));
    await vi.advanceTimersByTimeAsync(300);
    await call.done;
    expect(call.value?.text).toBe('quick');
    expect(backup.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('races streams to their commit point and closes the loser', async () => {
    const primary = new MockChatModel({ modelId: 'primary', respond: stallUntilAborted });
    const backup = new MockChatModel({ modelId: 'backup', responses: ['backup streams'] });
    const call = track(withHedging([primary, backup], { delayMs: 500 }).stream(ask()));
    await vi.advanceTimersByTimeAsync(500);
    await call.done;
    const stream = call.value!;
    expect(stream.modelId).toBe('backup');
    expect(textOf(await collect(stream))).toBe('backup streams');
    expect(primary.lastRequest.abortSignal?.aborted).toBe(true);
  });

  it('starts the next model at once when the primary fails early', async () => {
    const primary = new MockChatModel({ responses: [{ error: overloaded() }] });
    const backup = new MockChatModel({ responses: ['rescued'] });
    const call = track(withHedging([primary, backup], { delayMs: 10_000 }).generate(ask()));
    await vi.advanceTimersByTimeAsync(0);
    await call.done;
    expect(call.value?.text).toBe('rescued');
  });

  it('rethrows a lone failure that should not move on, without starting the backup', async () => {
    const error = new InvalidRequestError('bad');
    const primary = new MockChatModel({ responses: [{ error }] });
    const backup = new MockChatModel({ responses: ['never'] });
    await expect(withHedging([primary, backup], { delayMs: 100 }).generate(ask())).rejects.toBe(
      error,
    );
    expect(backup.calls).toHaveLength(0);
  });

  it('rejects with AllAttemptsFailedError when every attempt failed', async () => {
    const first = serverError('primary down');
    const second = serverError('backup down');
    const primary = new MockChatModel({ modelId: 'p', respond: after(2000, { error: first }) });
    const backup = new MockChatModel({ modelId: 'b', respond: after(100, { error: second }) });
    const call = track(withHedging([primary, backup], { delayMs: 1000 }).generate(ask()));
    await vi.advanceTimersByTimeAsync(2000);
    await call.done;
    const error = call.error as AllAttemptsFailedError;
    expect(AllAttemptsFailedError.isInstance(error)).toBe(true);
    expect(error.attempts.map((attempt) => [attempt.modelId, attempt.error])).toEqual([
      ['b', second],
      ['p', first],
    ]);
  });

  it('caps the hedges in flight across calls', async () => {
    const primary = new MockChatModel({ respond: after(5000, 'slow') });
    const backup = new MockChatModel({ respond: after(3000, 'also slow') });
    const events = new ResilienceEvents();
    const seen = hedgeEvents(events);
    const model = withHedging([primary, backup], { delayMs: 100, maxHedgesInFlight: 1, events });
    const calls = [track(model.generate(ask())), track(model.generate(ask()))];
    await vi.advanceTimersByTimeAsync(100);
    expect(backup.calls).toHaveLength(1);
    expect(seen.map((event) => event.action)).toEqual(['started', 'capped']);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(calls.map((call) => call.done));
    expect(calls.map((call) => call.value?.text)).toEqual(['also slow', 'slow']);
  });

  it('hedges a single model with itself', async () => {
    let n = 0;
    const model = new MockChatModel({
      respond: (request) => (n++ === 0 ? stallUntilAborted(request) : 'second copy'),
    });
    const call = track(withHedging(model, { delayMs: 50 }).generate(ask()));
    await vi.advanceTimersByTimeAsync(50);
    await call.done;
    expect(call.value?.text).toBe('second copy');
    expect(model.calls).toHaveLength(2);
  });

  it("rejects with the caller's reason and aborts every attempt when the caller aborts", async () => {
    const primary = new MockChatModel({ respond: stallUntilAborted });
    const backup = new MockChatModel({ respond: stallUntilAborted });
    const controller = new AbortController();
    const call = track(
      withHedging([primary, backup], { delayMs: 100 }).generate(
        ask('Hi', { abortSignal: controller.signal }),
      ),
    );
    await vi.advanceTimersByTimeAsync(150);
    controller.abort('bye');
    await call.done;
    expect(call.error).toBe('bye');
    expect(backup.lastRequest.abortSignal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  describe('learned delay', () => {
    it('uses initialMs until minSamples, then the p95 of the primary time to first content', async () => {
      const latencies = [100, 200, 300, 400, 500];
      let call = 0;
      const primary = new MockChatModel({
        respond: (request) => after(latencies[call++] ?? 5000, 'primary')(request),
      });
      const backup = new MockChatModel({ respond: () => 'backup' });
      const events = new ResilienceEvents();
      const seen = hedgeEvents(events);
      const model = withHedging([primary, backup], {
        delayMs: { initialMs: 2000, minSamples: 5, window: 10 },
        events,
      });
      for (const ms of latencies) {
        const answer = track(model.generate(ask()));
        await vi.advanceTimersByTimeAsync(ms);
        await answer.done;
        expect(answer.value?.text).toBe('primary');
      }
      expect(seen).toEqual([]);

      const slow = track(model.generate(ask()));
      await vi.advanceTimersByTimeAsync(499);
      expect(backup.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await slow.done;
      expect(slow.value?.text).toBe('backup');
      expect(seen[0]).toMatchObject({ action: 'started', delayMs: 500 });
    });

    it('computes nearest-rank percentiles over the last samples only', () => {
      const window = new LatencyWindow(4);
      expect(window.percentile(0.95)).toBeUndefined();
      for (const ms of [10, 20, 30, 40, 50, 60]) window.add(ms);
      expect(window.count).toBe(4);
      expect(window.percentile(0.5)).toBe(40);
      expect(window.percentile(0.95)).toBe(60);
      expect(window.percentile(0.01)).toBe(30);
    });
  });

  it('rejects bad options with a ConfigError', () => {
    const model = new MockChatModel();
    expect(() => withHedging(model, { delayMs: -1 })).toThrow(/hedge delayMs/);
    expect(() => withHedging(model, { delayMs: { initialMs: 100, minSamples: 0 } })).toThrow(
      /minSamples/,
    );
    expect(() => withHedging([], { delayMs: 1 })).toThrow(/needs a model/);
  });
});
