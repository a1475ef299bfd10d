import { CircuitOpenError, ConfigError, StreamInterruptedError, TimeoutError } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ask,
  collect,
  connectionReset,
  serverError,
  stallUntilAborted,
  textOf,
  track,
} from '../test/support.ts';
import { ResilienceEvents } from './events/resilience-events.ts';
import { answeredBy } from './fallback/answered-by.ts';
import { withResilience } from './with-resilience.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const noJitter = { random: () => 0 };

/** Names every event in the order emitted. */
function eventLog(events: ResilienceEvents): string[] {
  const log: string[] = [];
  events.onRetry((event) => log.push(`retry ${event.modelId}#${event.attempt}`));
  events.onGiveUp((event) => log.push(`give-up ${event.modelId} ${event.reason}`));
  events.onTimeout((event) => log.push(`timeout ${event.modelId} ${event.phase}`));
  events.onCircuitOpen((event) => log.push(`circuit-open ${event.key}`));
  events.onFallback((event) =>
    log.push(`fallback ${event.from.modelId}->${event.to?.modelId ?? '-'} ${event.reason}`),
  );
  events.onHedge((event) => log.push(`hedge ${event.action} ${event.index}`));
  events.onRateLimited((event) => log.push(`rate-limited ${event.limit} ${event.action}`));
  events.onResume((event) => log.push(`resume ${event.resume}`));
  return log;
}

describe('withResilience: order of the layers', () => {
  it('fallback is outside retry: the primary uses all its attempts before the next model answers', async () => {
    const primary = new MockChatModel({
      modelId: 'primary',
      respond: () => ({ error: serverError() }),
    });
    const secondary = new MockChatModel({ modelId: 'secondary', responses: ['from secondary'] });
    const events = new ResilienceEvents();
    const log = eventLog(events);
    const call = track(
      withResilience([primary, secondary], { retry: noJitter, events }).generate(ask()),
    );
    await vi.runAllTimersAsync();
    await call.done;
    expect(call.value?.text).toBe('from secondary');
    expect(answeredBy(call.value!)).toEqual({ provider: 'mock', modelId: 'secondary' });
    expect(primary.calls).toHaveLength(3);
    expect(log).toEqual([
      'retry primary#1',
      'retry primary#2',
      'give-up primary attempts-exhausted',
      'fallback primary->secondary error',
    ]);
  });

  it('the breaker is outside retry: one exhausted retry sequence is one breaker failure', async () => {
    const primary = new MockChatModel({
      modelId: 'primary',
      respond: () => ({ error: serverError() }),
    });
    const model = withResilience(primary, {
      retry: noJitter,
      breaker: { mode: { type: 'consecutive', failures: 2 } },
    });
    const first = track(model.generate(ask()));
    await vi.runAllTimersAsync();
    await first.done;
    expect(primary.calls).toHaveLength(3);
    expect(model.circuits?.state('mock:primary')).toBe('closed');
    const second = track(model.generate(ask()));
    await vi.runAllTimersAsync();
    await second.done;
    expect(model.circuits?.state('mock:primary')).toBe('open');
    await expect(model.generate(ask())).rejects.toSatisfy((error) =>
      CircuitOpenError.isInstance(error),
    );
    expect(primary.calls).toHaveLength(6);
  });

  it('fallback is outside the breaker: an open circuit hands over without calling the primary', async () => {
    const primary = new MockChatModel({
      modelId: 'primary',
      respond: () => ({ error: serverError() }),
    });
    const secondary = new MockChatModel({ modelId: 'secondary', respond: () => 'secondary' });
    const events = new ResilienceEvents();
    const model = withResilience([primary, secondary], {
      retry: { maxAttempts: 1 },
      breaker: { mode: { type: 'consecutive', failures: 1 } },
      events,
    });
    await model.generate(ask());
    const log = eventLog(events);
    expect((await model.generate(ask())).text).toBe('secondary');
    expect(primary.calls).toHaveLength(1);
    expect(log).toEqual(['fallback primary->secondary error']);
  });

  it('the deadline is inside retry: each attempt gets fresh deadlines', async () => {
    let n = 0;
    const primary = new MockChatModel({
      respond: (request) => (n++ === 0 ? stallUntilAborted(request) : 'second attempt'),
    });
    const events = new ResilienceEvents();
    const log = eventLog(events);
    const model = withResilience(primary, {
      retry: noJitter,
      deadline: { firstContentMs: 1000 },
      events,
    });
    const call = track(model.stream(ask()));
    await vi.advanceTimersByTimeAsync(1000 + 250 + 1);
    await call.done;
    expect(textOf(await collect(call.value!))).toBe('second attempt');
    expect(log).toEqual(['timeout mock-model first-content', 'retry mock-model#1']);
  });

  it('the limiter is inside the deadline: waiting for the limiter counts towards the attempt', async () => {
    const primary = new MockChatModel({ respond: () => 'ok' });
    const events = new ResilienceEvents();
    const log = eventLog(events);
    const model = withResilience(primary, {
      retry: { maxAttempts: 1 },
      deadline: { firstContentMs: 1000 },
      rateLimit: { requestsPerMinute: 1, maxWaitMs: 120_000 },
      events,
    });
    await model.generate(ask());
    const waiting = track(model.stream(ask()));
    await vi.advanceTimersByTimeAsync(1000);
    await waiting.done;
    expect(waiting.error).toMatchObject({ code: 'timeout', phase: 'first-content' });
    expect(log).toEqual([
      'rate-limited requests-per-minute waiting',
      'timeout mock-model first-content',
      'give-up mock-model attempts-exhausted',
    ]);
    // The timed-out call left the limiter's queue: it is never sent.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(primary.calls).toHaveLength(1);
  });

  it('hedging is outside the breaker and retry: each hedged attempt is retried on its own', async () => {
    let n = 0;
    const primary = new MockChatModel({
      respond: (request) => {
        n++;
        if (n === 1) return stallUntilAborted(request); // the primary attempt hangs
        if (n === 2) return { error: connectionReset() }; // the hedge's first try fails
        return 'hedge retried';
      },
    });
    const events = new ResilienceEvents();
    const log = eventLog(events);
    const model = withResilience(primary, { retry: noJitter, hedge: { delayMs: 500 }, events });
    const call = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(500 + 250 + 1);
    await call.done;
    expect(call.value?.text).toBe('hedge retried');
    expect(log).toEqual(['hedge started 1', 'retry mock-model#1', 'hedge won 1']);
    expect(primary.calls[0]?.request.abortSignal?.aborted).toBe(true);
  });

  it('resume is outermost: a cut stream is finished through the chain', async () => {
    const primary = new MockChatModel({
      modelId: 'primary',
      responses: [
        { chunks: ['The answer ', 'is'], failAfterChunks: { chunks: 2, error: connectionReset() } },
      ],
      respond: () => ({ error: serverError() }),
    });
    const secondary = new MockChatModel({ modelId: 'secondary', responses: [' 42.'] });
    const events = new ResilienceEvents();
    const log = eventLog(events);
    const model = withResilience([primary, secondary], {
      retry: { maxAttempts: 1 },
      resumeInterrupted: true,
      events,
    });
    const result = await (await model.stream(ask())).final();
    expect(result.text).toBe('The answer is 42.');
    expect(result.response.modelId).toBe('secondary');
    expect(log).toEqual([
      'resume 1',
      'give-up primary attempts-exhausted',
      'fallback primary->secondary error',
    ]);
  });
});

describe('withResilience: defaults', () => {
  it('ends a stream that goes quiet for 60 s after its first content', async () => {
    const primary = new MockChatModel({ responses: [{ text: 'a b c', stallAfterChunks: 1 }] });
    const stream = await withResilience(primary).stream(ask());
    const reading = track(collect(stream));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(reading.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await reading.done;
    expect(StreamInterruptedError.isInstance(reading.error)).toBe(true);
    expect((reading.error as StreamInterruptedError).cause).toSatisfy((cause) =>
      TimeoutError.isInstance(cause),
    );
  });

  it('retries 3 times with a circuit breaker, and keeps the primary identity', async () => {
    const primary = new MockChatModel({
      provider: 'openai',
      modelId: 'gpt',
      respond: () => ({ error: serverError() }),
    });
    const model = withResilience(primary);
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt' });
    const call = track(model.generate(ask()));
    await vi.runAllTimersAsync();
    await call.done;
    expect(primary.calls).toHaveLength(3);
    expect(model.circuits?.keys()).toEqual(['openai:gpt']);
    expect(primary.calls.map((c) => c.request.headers?.['x-llm-attempt'])).toEqual(['1', '2', '3']);
  });

  it('turns layers off with false', async () => {
    const primary = new MockChatModel({ respond: () => ({ error: serverError() }) });
    const model = withResilience(primary, { retry: false, breaker: false, deadline: false });
    await expect(model.generate(ask())).rejects.toThrow('HTTP 500');
    expect(primary.calls).toHaveLength(1);
    expect(model.circuits).toBeUndefined();
    expect(() => withResilience([])).toThrow(ConfigError);
  });
});
