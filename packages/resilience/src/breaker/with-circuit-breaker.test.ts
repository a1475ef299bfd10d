import {
  AuthenticationError,
  CircuitOpenError,
  ConfigError,
  InvalidRequestError,
} from '@org/llm-core';
import { MockChatModel, type MockResponse } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ask,
  collect,
  connectionReset,
  serverError,
  stallUntilAborted,
  throttled,
  track,
} from '../../test/support.ts';
import { ResilienceEvents } from '../events/resilience-events.ts';
import { BreakerFailure } from './breaker-failure.ts';
import { CircuitBreakerRegistry, getCircuit } from './circuit-breaker-registry.ts';
import { withCircuitBreaker } from './with-circuit-breaker.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function failTimes(
  model: { generate: MockChatModel['generate'] },
  times: number,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (let index = 0; index < times; index++) {
    errors.push(await model.generate(ask()).catch((error: unknown) => error));
  }
  return errors;
}

function failing(count: number, error: () => unknown = serverError): MockResponse[] {
  return Array.from({ length: count }, () => ({ error: error() }));
}

describe('withCircuitBreaker', () => {
  it('opens after 5 consecutive server failures and then fails fast with CircuitOpenError', async () => {
    const inner = new MockChatModel({ responses: [...failing(5), 'never'] });
    const events = new ResilienceEvents();
    const opened = vi.fn();
    events.onCircuitOpen(opened);
    const model = withCircuitBreaker(inner, { events });

    const errors = await failTimes(model, 5);
    expect(errors.every((error) => (error as Error).message === 'HTTP 500')).toBe(true);
    expect(model.circuits.state('mock:mock-model')).toBe('open');
    expect(opened).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'mock:mock-model',
        provider: 'mock',
        modelId: 'mock-model',
        halfOpenAfterMs: 30_000,
      }),
    );

    const fast = await model.generate(ask()).catch((error: unknown) => error);
    expect(CircuitOpenError.isInstance(fast)).toBe(true);
    expect(fast).toMatchObject({
      key: 'mock:mock-model',
      retryAfterMs: 30_000,
      provider: 'mock',
      isRetryable: false,
    });
    expect(inner.calls).toHaveLength(5);

    await vi.advanceTimersByTimeAsync(12_000);
    const later = await model.generate(ask()).catch((error: unknown) => error);
    expect(later).toMatchObject({ retryAfterMs: 18_000 });
  });

  it.each([
    ['invalid request (400)', () => new InvalidRequestError('bad')],
    ['authentication (401)', () => new AuthenticationError('key')],
    ['rate limit (429)', () => throttled(100)],
  ])('never counts %s', async (_, error) => {
    const inner = new MockChatModel({ responses: failing(10, error) });
    const model = withCircuitBreaker(inner);
    await failTimes(model, 10);
    expect(model.circuits.state('mock:mock-model')).toBe('closed');
    expect(inner.calls).toHaveLength(10);
  });

  it('counts connection failures and timeouts, and a success resets the count', async () => {
    const inner = new MockChatModel({
      responses: [...failing(4, connectionReset), 'ok', ...failing(4), 'ok'],
    });
    const model = withCircuitBreaker(inner);
    await failTimes(model, 10);
    expect(model.circuits.state('mock:mock-model')).toBe('closed');
  });

  it('probes after halfOpenAfterMs: a success closes it, other calls fail fast meanwhile', async () => {
    const events = new ResilienceEvents();
    const seen: string[] = [];
    events.onCircuitOpen(() => seen.push('open'));
    events.onCircuitHalfOpen(() => seen.push('half-open'));
    events.onCircuitClose(() => seen.push('close'));
    const inner = new MockChatModel({
      responses: [...failing(2), 'probe answer', 'after'],
      firstPartDelayMs: 500,
    });
    const model = withCircuitBreaker(inner, {
      mode: { type: 'consecutive', failures: 2 },
      halfOpenAfterMs: 10_000,
      events,
    });
    await failTimes(model, 2);
    await vi.advanceTimersByTimeAsync(10_000);

    const probe = track(model.generate(ask()));
    const meanwhile = await model.generate(ask()).catch((error: unknown) => error);
    expect(CircuitOpenError.isInstance(meanwhile)).toBe(true);
    expect((meanwhile as Error).message).toContain('a probe call is testing it now');
    expect(model.circuits.state('mock:mock-model')).toBe('half-open');

    await vi.advanceTimersByTimeAsync(500);
    await probe.done;
    expect(probe.value?.text).toBe('probe answer');
    expect(model.circuits.state('mock:mock-model')).toBe('closed');
    expect(seen).toEqual(['open', 'half-open', 'close']);
    const after = track(model.generate(ask()));
    await vi.advanceTimersByTimeAsync(500);
    await after.done;
    expect(after.value?.text).toBe('after');
  });

  it('opens again when the probe fails', async () => {
    const inner = new MockChatModel({ responses: failing(3) });
    const model = withCircuitBreaker(inner, {
      mode: { type: 'consecutive', failures: 2 },
      halfOpenAfterMs: 1000,
    });
    await failTimes(model, 2);
    await vi.advanceTimersByTimeAsync(1000);
    await failTimes(model, 1);
    expect(model.circuits.state('mock:mock-model')).toBe('open');
    expect(await model.generate(ask()).catch((error: unknown) => error)).toMatchObject({
      retryAfterMs: 1000,
    });
  });

  it('opens in sampling mode when the failure share exceeds the threshold', async () => {
    const responses: MockResponse[] = [];
    for (let index = 0; index < 10; index++)
      responses.push(index % 2 === 0 ? 'ok' : { error: serverError() });
    responses.push({ error: serverError() });
    const inner = new MockChatModel({ responses });
    const model = withCircuitBreaker(inner, {
      mode: { type: 'sampling', threshold: 0.5, durationMs: 10_000, minimumRps: 1 },
    });
    // Ten calls, half failed: not above 50 %.
    await failTimes(model, 10);
    expect(model.circuits.state('mock:mock-model')).toBe('closed');
    // The eleventh fails: 6 of 11.
    await failTimes(model, 1);
    expect(model.circuits.state('mock:mock-model')).toBe('open');
  });

  it('keeps one circuit per key: one tenant failing does not block another', async () => {
    const inner = new MockChatModel({
      respond: (request) => (request.metadata?.tenant === 'a' ? { error: serverError() } : 'fine'),
    });
    const model = withCircuitBreaker(inner, {
      mode: { type: 'consecutive', failures: 2 },
      key: (ref, request) => `${ref.provider}:${ref.modelId}:${String(request.metadata?.tenant)}`,
    });
    for (let index = 0; index < 3; index++) {
      await model.generate(ask('Hi', { metadata: { tenant: 'a' } })).catch(() => undefined);
    }
    expect(model.circuits.state('mock:mock-model:a')).toBe('open');
    expect((await model.generate(ask('Hi', { metadata: { tenant: 'b' } }))).text).toBe('fine');
    expect(model.circuits.keys().sort()).toEqual(['mock:mock-model:a', 'mock:mock-model:b']);
  });

  describe('streams', () => {
    const cut = (): MockResponse => ({
      text: 'a b c',
      failAfterChunks: { chunks: 1, error: connectionReset() },
    });

    it('counts a stream that breaks after its commit point', async () => {
      const inner = new MockChatModel({ responses: [cut(), cut()] });
      const model = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 2 } });
      for (let index = 0; index < 2; index++) {
        const stream = await model.stream(ask());
        await collect(stream).catch(() => undefined);
        await vi.advanceTimersByTimeAsync(0);
      }
      expect(model.circuits.state('mock:mock-model')).toBe('open');
    });

    it('lets a stream that outlived its closed circuit not reopen it while a probe decides', async () => {
      let answerProbe: (() => void) | undefined;
      const inner = new MockChatModel({
        responses: [cut(), ...failing(1)],
        respond: () =>
          new Promise<MockResponse>((resolve) => {
            answerProbe = () => {
              resolve('probe answer');
            };
          }),
      });
      const model = withCircuitBreaker(inner, {
        mode: { type: 'consecutive', failures: 1 },
        halfOpenAfterMs: 1000,
      });
      const early = await model.stream(ask());
      await model.generate(ask()).catch(() => undefined);
      expect(model.circuits.state('mock:mock-model')).toBe('open');
      await vi.advanceTimersByTimeAsync(1000);
      const probe = track(model.stream(ask()));
      await vi.advanceTimersByTimeAsync(0);
      expect(model.circuits.state('mock:mock-model')).toBe('half-open');
      // The early stream breaks now: its verdict is older than the circuit's opening.
      await collect(early).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(0);
      expect(model.circuits.state('mock:mock-model')).toBe('half-open');
      answerProbe!();
      await probe.done;
      expect(await probe.value!.text()).toBe('probe answer');
      expect(model.circuits.state('mock:mock-model')).toBe('closed');
    });

    it('records a failure before the commit point before the caller sees it', async () => {
      const inner = new MockChatModel({ responses: failing(1) });
      const model = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 1 } });
      await model.stream(ask()).catch(() => undefined);
      expect(model.circuits.state('mock:mock-model')).toBe('open');
    });

    it('does not count it with countStreamFailures: false, nor a reader stopping early', async () => {
      const inner = new MockChatModel({ responses: [cut(), cut(), 'a b c d', 'a b c d'] });
      const model = withCircuitBreaker(inner, {
        mode: { type: 'consecutive', failures: 2 },
        countStreamFailures: false,
      });
      for (let index = 0; index < 2; index++) {
        await collect(await model.stream(ask())).catch(() => undefined);
      }
      const counting = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 1 } });
      for (let index = 0; index < 2; index++) {
        for await (const part of await counting.stream(ask()))
          if (part.type === 'text-delta') break;
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(model.circuits.state('mock:mock-model')).toBe('closed');
      expect(counting.circuits.state('mock:mock-model')).toBe('closed');
    });

    it('closes on a probe stream at its commit point, while the reader still holds it', async () => {
      const inner = new MockChatModel({ responses: [...failing(1), 'slow probe answer'] });
      const model = withCircuitBreaker(inner, {
        mode: { type: 'consecutive', failures: 1 },
        halfOpenAfterMs: 1000,
      });
      await model.stream(ask()).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(1000);
      const probe = await model.stream(ask());
      expect(model.circuits.state('mock:mock-model')).toBe('closed');
      expect(await probe.text()).toBe('slow probe answer');
    });

    it('fails stream() fast while open', async () => {
      const inner = new MockChatModel({ responses: failing(1) });
      const model = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 1 } });
      await model.stream(ask()).catch(() => undefined);
      await expect(model.stream(ask())).rejects.toSatisfy((error) =>
        CircuitOpenError.isInstance(error),
      );
      expect(inner.calls).toHaveLength(1);
    });

    it('counts a first-content stall that a deadline below turned into a timeout', async () => {
      const inner = new MockChatModel({ respond: stallUntilAborted });
      const { withDeadline } = await import('../deadline/with-deadline.ts');
      const model = withCircuitBreaker(withDeadline(inner, { firstContentMs: 100 }), {
        mode: { type: 'consecutive', failures: 1 },
      });
      const call = track(model.stream(ask()));
      await vi.advanceTimersByTimeAsync(100);
      await call.done;
      expect(model.circuits.state('mock:mock-model')).toBe('open');
    });
  });

  describe('state', () => {
    it('exports open circuits as JSON and another registry starts from them', async () => {
      const inner = new MockChatModel({ responses: failing(2) });
      const first = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 2 } });
      await failTimes(first, 2);
      const snapshot = JSON.parse(JSON.stringify(first.circuits.exportState())) as ReturnType<
        CircuitBreakerRegistry['exportState']
      >;
      expect(snapshot).toMatchObject({ version: 1, mode: 'consecutive' });

      await vi.advanceTimersByTimeAsync(5000);
      const fresh = new MockChatModel({ responses: ['answer'] });
      const second = withCircuitBreaker(fresh, {
        mode: { type: 'consecutive', failures: 2 },
        initialState: snapshot,
      });
      expect(second.circuits.state('mock:mock-model')).toBe('open');
      const error = await second.generate(ask()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'circuit-open', retryAfterMs: 25_000 });
      expect(fresh.calls).toHaveLength(0);

      await vi.advanceTimersByTimeAsync(25_000);
      expect((await second.generate(ask())).text).toBe('answer');
      expect(second.circuits.state('mock:mock-model')).toBe('closed');
    });

    it('importState replaces the live state', async () => {
      const source = new CircuitBreakerRegistry();
      source.isolate('mock:mock-model');
      const snapshot = source.exportState();
      const model = withCircuitBreaker(new MockChatModel({ responses: ['x'] }));
      expect(model.circuits.state('mock:mock-model')).toBe('closed');
      model.circuits.importState(snapshot);
      expect(model.circuits.state('mock:mock-model')).toBe('isolated');
    });

    it('refuses a snapshot of another mode or format', () => {
      const snapshot = new CircuitBreakerRegistry().exportState();
      expect(
        () =>
          new CircuitBreakerRegistry({
            mode: { type: 'sampling', threshold: 0.5, durationMs: 10_000 },
            initialState: snapshot,
          }),
      ).toThrow(/taken in 'consecutive' mode/);
      expect(() => new CircuitBreakerRegistry({ initialState: { version: 2 } as never })).toThrow(
        ConfigError,
      );
    });

    it('isolates a circuit by hand until disposed', async () => {
      const inner = new MockChatModel({ responses: ['after'] });
      const model = withCircuitBreaker(inner);
      const hold = model.circuits.isolate('mock:mock-model');
      const error = await model.generate(ask()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'circuit-open', retryAfterMs: undefined });
      expect((error as Error).message).toContain('held open');
      hold.dispose();
      expect((await model.generate(ask())).text).toBe('after');
    });

    it('shares one registry between models, one circuit each', async () => {
      const circuits = new CircuitBreakerRegistry({ mode: { type: 'consecutive', failures: 1 } });
      const a = withCircuitBreaker(new MockChatModel({ modelId: 'a', responses: failing(1) }), {
        circuits,
      });
      const b = withCircuitBreaker(new MockChatModel({ modelId: 'b', responses: ['b ok'] }), {
        circuits,
      });
      await a.generate(ask()).catch(() => undefined);
      expect((await b.generate(ask())).text).toBe('b ok');
      expect({ a: circuits.state('mock:a'), b: circuits.state('mock:b') }).toEqual({
        a: 'open',
        b: 'closed',
      });
      expect(a.events).toBe(circuits.events);
    });
  });

  it('rejects bad settings with a ConfigError naming them', () => {
    expect(
      () => new CircuitBreakerRegistry({ mode: { type: 'consecutive', failures: 0 } }),
    ).toThrow(/breaker failures must be a whole number >= 1/);
    expect(
      () =>
        new CircuitBreakerRegistry({
          mode: { type: 'sampling', threshold: 1.5, durationMs: 10_000 },
        }),
    ).toThrow(/between 0 and 1/);
    expect(
      () => new CircuitBreakerRegistry({ halfOpenProbes: { calls: 0, failureThreshold: 0 } }),
    ).toThrow(/halfOpenProbes.calls/);
  });

  it("keeps only a failure's class, code and time, never the caller's error", async () => {
    const failures = [serverError('first'), serverError('second'), serverError('third')];
    const inner = new MockChatModel({
      responses: [
        { error: failures[0] },
        { error: failures[1] },
        { text: 'streamed', failAfterChunks: { chunks: 1, error: failures[2]! } },
      ],
    });
    const opened = vi.fn();
    const model = withCircuitBreaker(inner, { mode: { type: 'consecutive', failures: 3 } });
    model.events.onCircuitOpen(opened);
    const { policy } = getCircuit(model.circuits, 'mock:mock-model', {
      provider: 'mock',
      modelId: 'mock-model',
    });
    const kept = (): unknown => (policy.lastFailure as { error?: unknown } | undefined)?.error;

    await expect(model.generate(ask())).rejects.toBe(failures[0]);
    const record = kept();
    expect(record).toBeInstanceOf(BreakerFailure);
    expect(record).toMatchObject({ name: 'ServerError', code: 'server', error: undefined });
    expect((record as BreakerFailure).at).toBe(Date.now());

    // A closed circuit's stream is judged at its end; the third failure opens it.
    await expect(model.generate(ask())).rejects.toBe(failures[1]);
    const stream = await model.stream(ask());
    await expect(stream.final()).rejects.toMatchObject({ cause: failures[2] });
    expect(model.circuits.state('mock:mock-model')).toBe('open');
    // The event still reports the error that opened the circuit...
    expect(opened).toHaveBeenCalledWith(expect.objectContaining({ error: expect.anything() }));
    expect((opened.mock.calls[0]![0] as { error: unknown }).error).toMatchObject({
      cause: failures[2],
    });
    // ...but the circuit keeps none of the three.
    expect(kept()).toMatchObject({ name: 'StreamInterruptedError', error: undefined });
    for (const failure of failures)
      expect(JSON.stringify(Object.entries(kept()!))).not.toContain(failure.message);
  });

  it('keeps no caller error from a half-open probe either, and hands the caller its own', async () => {
    const probeFailure = serverError('probe failed');
    const inner = new MockChatModel({ responses: [...failing(1), { error: probeFailure }] });
    const model = withCircuitBreaker(inner, {
      mode: { type: 'consecutive', failures: 1 },
      halfOpenAfterMs: 100,
    });
    await model.generate(ask()).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    await expect(model.generate(ask())).rejects.toBe(probeFailure);
    const { policy } = getCircuit(model.circuits, 'mock:mock-model', {
      provider: 'mock',
      modelId: 'mock-model',
    });
    expect((policy.lastFailure as { error?: unknown }).error).toMatchObject({
      name: 'ServerError',
      error: undefined,
    });
  });
});
