// Soak: 2,000 requests at concurrency 64 through retry + breaker + fallback
// (+ per-attempt deadlines), 20 % of provider calls faulty. Real timers with
// millisecond delays, so leaked timers would show in the process's active
// resources. Prints its figures; asserts outcomes, not speed.
import {
  ConnectionError,
  LlmError,
  OverloadedError,
  RateLimitError,
  ServerError,
  type ChatRequest,
} from '@org/llm-core';
import { MockChatModel, type MockResponse } from '@org/llm-testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withResilience } from '../src/with-resilience.ts';
import { ask, stallUntilAborted } from './support.ts';

const requests = 2000;
const concurrency = 64;
const faultRate = 0.2;

/** mulberry32: a small seeded PRNG, so the fault sequence is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const faultKinds = [
  'server',
  'overloaded',
  'throttled',
  'quota',
  'reset',
  'stall-before-content',
  'stall-mid-stream',
  'cut-mid-stream',
] as const;

function faultyModel(
  modelId: string,
  random: () => number,
  counts: Map<string, number>,
): MockChatModel {
  return new MockChatModel({
    modelId,
    partDelayMs: 1,
    respond: (request: ChatRequest): MockResponse | Promise<MockResponse> => {
      const answer = `answer from ${modelId}`;
      if (random() >= faultRate) return answer;
      const kind = faultKinds[Math.floor(random() * faultKinds.length)]!;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const where = { provider: 'mock', modelId };
      switch (kind) {
        case 'server':
          return { error: new ServerError('HTTP 500', { ...where, status: 500 }) };
        case 'overloaded':
          return {
            error: new OverloadedError('HTTP 529', { ...where, status: 529, retryAfterMs: 2 }),
          };
        case 'throttled':
          return {
            error: new RateLimitError('HTTP 429', { ...where, kind: 'throttled', retryAfterMs: 3 }),
          };
        case 'quota':
          return {
            error: new RateLimitError('HTTP 429 quota', { ...where, kind: 'quota-exhausted' }),
          };
        case 'reset':
          return { error: new ConnectionError('socket hang up', where) };
        case 'stall-before-content':
          return stallUntilAborted(request);
        case 'stall-mid-stream':
          return { text: 'one two three four', stallAfterChunks: 2 };
        case 'cut-mid-stream':
          return {
            text: 'one two three four',
            failAfterChunks: { chunks: 2, error: new ConnectionError('reset mid-stream', where) },
          };
      }
    },
  });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

it(`answers or fails with a typed error each of ${requests} requests at concurrency ${concurrency}, leaking nothing`, async () => {
  // Let timers of earlier test files' teardown settle before the baseline.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const baseline = resourceCounts();
  const random = seeded(20_240_601);
  const faults = new Map<string, number>();
  const primary = faultyModel('primary', random, faults);
  const secondary = faultyModel('secondary', random, faults);
  const model = withResilience([primary, secondary], {
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    deadline: { firstContentMs: 100, idleMs: 100, attemptMs: 1000 },
    breaker: { mode: { type: 'consecutive', failures: 3 }, halfOpenAfterMs: 25 },
  });
  const counters = { retries: 0, fallbacks: 0, circuitOpens: 0, timeouts: 0 };
  model.events.onRetry(() => counters.retries++);
  model.events.onFallback(() => counters.fallbacks++);
  model.events.onCircuitOpen(() => counters.circuitOpens++);
  model.events.onTimeout(() => counters.timeouts++);

  const outcomes: ({ ok: true; text: string } | { ok: false; error: unknown })[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < requests; index = next++) {
      try {
        const request = ask(`question ${index}`);
        const result =
          index % 2 === 0
            ? await model.generate(request)
            : await (await model.stream(request)).final();
        outcomes[index] = { ok: true, text: result.text };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;

  const failures = outcomes.filter((outcome) => !outcome.ok);
  const byCode = new Map<string, number>();
  for (const failure of failures) {
    const code = LlmError.isInstance(failure.error) ? failure.error.code : 'untyped';
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }
  console.log(
    JSON.stringify(
      {
        requests,
        concurrency,
        elapsedMs: Math.round(elapsedMs),
        providerCalls: primary.calls.length + secondary.calls.length,
        faultsInjected: Object.fromEntries(faults),
        answered: outcomes.length - failures.length,
        failedByCode: Object.fromEntries(byCode),
        ...counters,
      },
      null,
      2,
    ),
  );

  // Every index settled: a sparse array would have fewer keys than its length.
  expect(Object.keys(outcomes)).toHaveLength(requests);
  expect(byCode.get('untyped') ?? 0).toBe(0);
  for (const outcome of outcomes) {
    if (outcome.ok) expect(outcome.text).toMatch(/^answer from (primary|secondary)$/);
  }
  // Two models with independent faults: most requests get an answer (how
  // many depends on when circuits open, which timing decides).
  expect(outcomes.length - failures.length).toBeGreaterThan(requests * 0.5);

  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(unhandled).toEqual([]);
  // Back to baseline: no kind of resource (timers, sockets, handles) more than before.
  const after = resourceCounts();
  for (const [name, count] of Object.entries(after)) {
    expect({ name, count }).toEqual({ name, count: Math.min(count, baseline[name] ?? 0) });
  }
}, 60_000);
