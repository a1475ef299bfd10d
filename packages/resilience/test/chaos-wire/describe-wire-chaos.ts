// The chaos table (../chaos/chaos-outcomes.ts) replayed on the wire: for one
// adapter pointed at the testkit's fake server, every row × generate/stream,
// through `withResilience([primary, secondary])`, asserting the outcome, the
// error the adapter classified the fault as, and the requests the server saw.
import { StreamInterruptedError, type ChatModel, type ChatRequest } from '@org/llm-core';
import { createFakeProviderServer, type FakeScript, type RecordedRequest } from '@org/llm-testkit';
import { describe, expect, it, vi } from 'vitest';
import {
  answeredBy,
  ResilienceEvents,
  withResilience,
  type FallbackEvent,
  type ModelRef,
  type ResilienceOptions,
  type RetryEvent,
} from '../../src/index.ts';
import {
  chaosCases,
  chaosSetup,
  type ChaosCase,
  type ChaosExpectation,
} from '../chaos/chaos-outcomes.ts';
import { expectChaosError } from '../chaos/expect-chaos-error.ts';
import { wireScripts, type WireScripts } from './wire-faults.ts';
import type { WireTarget } from './wire-targets.ts';

/**
 * The table's setup (`chaosSetup`) scaled down so the suite runs on real
 * timers in well under a second per row: the same retry rules and
 * `maxRetryAfterMs`, deadlines in the same order (first content = idle <
 * attempt), a short backoff and no jitter (`random` 0, so a Retry-After wait
 * is exact). `deadlineMs` bounds every call, so nothing can hang.
 */
export const wireChaosOptions = {
  deadline: { firstContentMs: 200, idleMs: 200, attemptMs: 500 },
  retry: {
    maxAttempts: chaosSetup.options.retry.maxAttempts,
    maxRetryAfterMs: chaosSetup.options.retry.maxRetryAfterMs,
    initialDelayMs: 20,
    deadlineMs: 5000,
    random: () => 0,
  },
} as const satisfies ResilienceOptions;

/** The header `withRetry` tags attempts with (its default). */
const attemptHeader = 'x-llm-attempt';
const question: ChatRequest = { messages: [{ role: 'user', content: 'What is the answer?' }] };
const operations = ['generate', 'stream'] as const;
type Operation = (typeof operations)[number];

/** How a call ended. */
interface CallOutcome {
  readonly text?: string;
  readonly answeredBy?: ModelRef | undefined;
  readonly error?: unknown;
  /** For a stream: `stream()` resolved (the commit point was reached). */
  readonly committed: boolean;
}

async function call(model: ChatModel, operation: Operation): Promise<CallOutcome> {
  if (operation === 'generate') {
    try {
      const result = await model.generate(question);
      return { text: result.text, answeredBy: answeredBy(result), committed: false };
    } catch (error) {
      return { error, committed: false };
    }
  }
  let stream;
  try {
    stream = await model.stream(question);
  } catch (error) {
    return { error, committed: false };
  }
  try {
    const result = await stream.final();
    return { text: result.text, answeredBy: answeredBy(stream), committed: true };
  } catch (error) {
    return { error, committed: true };
  }
}

/** Polls `condition` on real event-loop turns (fake timers never fake `setImmediate`), for at most `timeoutMs` of real time. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) {
      throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets real I/O run for `ms` (a few tens of milliseconds at most). */
function realPause(ms: number): Promise<void> {
  const until = performance.now() + ms;
  return waitUntil(() => performance.now() >= until, `${ms} ms to pass`, ms + 1000);
}

/** What the server recorded of one request. */
interface SeenRequest {
  /** Its attempt header. */
  readonly attempt: string | undefined;
  /** Whether it asked for a stream (so the fault hit an SSE stream, not a JSON body). */
  readonly stream: boolean;
}

function modelOf(request: RecordedRequest): unknown {
  return (request.body as { model?: unknown } | undefined)?.model;
}

function requestsFor(requests: readonly RecordedRequest[], modelId: string): SeenRequest[] {
  return requests
    .filter((request) => modelOf(request) === modelId)
    .map((request) => ({
      attempt: request.headers[attemptHeader],
      stream: (request.body as { stream?: unknown }).stream === true,
    }));
}

interface RowRun {
  readonly outcome: CallOutcome;
  readonly retries: readonly RetryEvent[];
  readonly fallbacks: readonly FallbackEvent[];
  /** When each request of the primary arrived, on the clock the adapters read. */
  readonly primaryArrivals: readonly number[];
  /** The requests the server got for the primary, in order. */
  readonly primaryRequests: readonly SeenRequest[];
  /** The same for the secondary. */
  readonly secondaryRequests: readonly SeenRequest[];
  /** Requests for any other model (there must be none). */
  readonly otherRequests: number;
}

/**
 * Runs one row against a fresh fake server (so rows can run side by side) on
 * real timers; or, when the provider asks for a wait of whole seconds
 * (`waitMs`), with `setTimeout` and `Date` faked: the sockets stay real, the
 * retry's sleep is stepped through, and the wait is checked to the
 * millisecond (not a millisecond early, and exactly as long as asked).
 */
async function runRow(
  target: WireTarget,
  scripts: WireScripts,
  script: (now: number) => FakeScript,
  waitMs: number | undefined,
  operation: Operation,
): Promise<RowRun> {
  // The server reads the global clock on every answer, so a faked Date governs its headers too.
  const server = await createFakeProviderServer({ now: () => Date.now() });
  try {
    const primaryArrivals: number[] = [];
    server.handle((request) => {
      const modelId = modelOf(request);
      if (modelId === target.primaryModelId) {
        primaryArrivals.push(Date.now());
        return primaryArrivals.length === 1
          ? script(Date.now())
          : scripts.answer('answer from primary');
      }
      if (modelId === target.secondaryModelId) return scripts.answer('answer from secondary');
      return undefined;
    });
    const { primary, secondary } = target.createModels(server);
    const events = new ResilienceEvents();
    const retries: RetryEvent[] = [];
    const fallbacks: FallbackEvent[] = [];
    events.onRetry((event) => retries.push(event));
    events.onFallback((event) => fallbacks.push(event));
    const model = withResilience([primary, secondary], { ...wireChaosOptions, events });
    const done = (outcome: CallOutcome): RowRun => ({
      outcome,
      retries,
      fallbacks,
      primaryArrivals,
      primaryRequests: requestsFor(server.requests, target.primaryModelId),
      secondaryRequests: requestsFor(server.requests, target.secondaryModelId),
      otherRequests: server.requests.filter(
        (request) =>
          modelOf(request) !== target.primaryModelId &&
          modelOf(request) !== target.secondaryModelId,
      ).length,
    });

    if (waitMs === undefined) return done(await call(model, operation));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      // A whole second, so HTTP dates (second precision) and reset timestamps are exact.
      vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000 + 1000);
      let outcome: CallOutcome | undefined;
      const running = call(model, operation).then((settled) => {
        outcome = settled;
      });
      await waitUntil(() => retries.length > 0 || outcome !== undefined, 'the retry to be planned');
      if (retries.length > 0) {
        await vi.advanceTimersByTimeAsync(waitMs - 1);
        // Room for a premature retry to reach the server, if the sleep ended early.
        await realPause(20);
        expect(primaryArrivals, 'no retry before the provider’s wait is over').toHaveLength(1);
        await vi.advanceTimersByTimeAsync(1);
      }
      await waitUntil(() => outcome !== undefined, 'the retried call to end');
      await running;
      return done(outcome!);
    } finally {
      vi.useRealTimers();
    }
  } finally {
    await server.close();
  }
}

function expectOutcome(
  run: RowRun,
  expected: ChaosExpectation,
  operation: Operation,
  target: WireTarget,
  scripts: WireScripts,
  where: string,
): void {
  const { outcome, retries, fallbacks } = run;
  expect(run.otherRequests).toBe(0);
  // Every request asked for what the operation needs: the fault hit the intended shape.
  for (const request of [...run.primaryRequests, ...run.secondaryRequests]) {
    expect(request.stream).toBe(operation === 'stream');
  }
  const primaryAttempts = run.primaryRequests.map((request) => request.attempt);
  const secondaryAttempts = run.secondaryRequests.map((request) => request.attempt);

  switch (expected.outcome) {
    case 'primary-after-retry': {
      expect(outcome.error, where).toBeUndefined();
      expect(outcome.text).toBe('answer from primary');
      expect(outcome.answeredBy?.modelId).toBe(target.primaryModelId);
      expect(primaryAttempts).toEqual(['1', '2']);
      expect(secondaryAttempts).toEqual([]);
      expect(retries).toHaveLength(1);
      expectChaosError(retries[0]!.error, expected.error, where);
      const waitMs = expected.error.retryAfterMs;
      if (waitMs === undefined) {
        // The backoff of the first retry with no jitter: half of initialDelayMs.
        expect(retries[0]!.delayMs).toBe(wireChaosOptions.retry.initialDelayMs / 2);
      } else {
        expect(retries[0]!.retryAfterMs).toBe(waitMs);
        expect(retries[0]!.delayMs).toBe(waitMs);
        expect(run.primaryArrivals[1]! - run.primaryArrivals[0]!).toBe(waitMs);
      }
      expect(fallbacks).toEqual([]);
      break;
    }
    case 'secondary':
      expect(outcome.error, where).toBeUndefined();
      expect(outcome.text).toBe('answer from secondary');
      expect(outcome.answeredBy?.modelId).toBe(target.secondaryModelId);
      expect(primaryAttempts).toEqual(['1']);
      expect(secondaryAttempts).toEqual(['1']);
      expect(retries).toEqual([]);
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatchObject({
        from: { modelId: target.primaryModelId },
        to: { modelId: target.secondaryModelId },
        reason: 'error',
      });
      expectChaosError(fallbacks[0]!.error, expected.error, where);
      break;
    case 'interrupted': {
      expect(outcome.committed, `${where}: stream() resolved at the first content`).toBe(true);
      if (!StreamInterruptedError.isInstance(outcome.error)) {
        const got =
          outcome.error instanceof Error
            ? `${outcome.error.name}: ${outcome.error.message}`
            : `the answer ${JSON.stringify(outcome.text)}`;
        throw new Error(`${where}: expected StreamInterruptedError, got ${got}`);
      }
      expect(outcome.error.isRetryable).toBe(false);
      expect(outcome.error.partialText).toBe(scripts.partialText);
      expectChaosError(outcome.error.cause, expected.error, `${where} (cause)`);
      expect(primaryAttempts).toEqual(['1']);
      expect(secondaryAttempts).toEqual([]);
      expect(retries).toEqual([]);
      expect(fallbacks).toEqual([]);
      break;
    }
    default:
      expected satisfies never;
  }
}

/** The table's expectation of a row and operation, and whether the retry's wait is a provider's. */
function expectationOf(row: ChaosCase, operation: Operation) {
  const expected = row[operation];
  const waitMs =
    expected.outcome === 'primary-after-retry' ? expected.error.retryAfterMs : undefined;
  return { expected, waitMs };
}

async function replay(
  target: WireTarget,
  scripts: WireScripts,
  row: ChaosCase,
  operation: Operation,
  script: (now: number) => FakeScript,
): Promise<void> {
  const { expected, waitMs } = expectationOf(row, operation);
  const run = await runRow(target, scripts, script, waitMs, operation);
  expectOutcome(run, expected, operation, target, scripts, `${target.name} ${row.id} ${operation}`);
}

/**
 * Replays every row of the chaos table on `target`'s wire. Rows the wire
 * cannot produce are skipped (listed on the console with the reason); extra
 * variants replay a row with the fault at another position. Rows on real timers run side by
 * side (each on its own server); rows that step a faked clock run alone.
 */
export function describeWireChaos(target: WireTarget): void {
  const scripts = wireScripts[target.wire];

  describe(`chaos table on the wire: ${target.name}`, () => {
    it('maps every row of the table to a fault or a reason to skip, and nothing else', () => {
      expect(Object.keys(scripts.faults).sort()).toEqual(chaosCases.map((row) => row.id).sort());
      for (const variant of scripts.extraVariants) {
        expect(chaosCases.map((row) => row.id)).toContain(variant.rowId);
      }
    });

    const notes = [
      ...chaosCases.flatMap((row) => {
        const wireFault = scripts.faults[row.id];
        return wireFault !== undefined && 'skip' in wireFault
          ? [`  skipped ${row.id} (generate and stream): ${wireFault.skip}`]
          : [];
      }),
    ];
    if (notes.length > 0) {
      console.info(`${target.name} on the ${target.wire} wire:\n${notes.join('\n')}`);
    }

    for (const row of chaosCases) {
      const wireFault = scripts.faults[row.id];
      if (wireFault === undefined) continue; // reported by the mapping test
      if ('skip' in wireFault) {
        describe(row.id, () => {
          it.skip(`not on the ${target.wire} wire: ${wireFault.skip}`, () => undefined);
        });
        continue;
      }
      // A faked clock is global: those rows must not overlap any other test.
      const stepsClock = operations.some(
        (operation) => expectationOf(row, operation).waitMs !== undefined,
      );
      const suite = stepsClock ? describe : describe.concurrent;
      suite(row.id, () => {
        it.each(operations)('%s', async (operation) => {
          await replay(target, scripts, row, operation, wireFault.script);
        });
      });
    }

    if (scripts.extraVariants.length === 0) return;
    describe.concurrent('the same faults at another position', () => {
      for (const variant of scripts.extraVariants) {
        const row = chaosCases.find((candidate) => candidate.id === variant.rowId);
        if (row === undefined) continue; // reported by the mapping test
        it(`${variant.rowId} ${variant.operation}, ${variant.variant}`, async () => {
          await replay(target, scripts, row, variant.operation, variant.script);
        });
      }
    });
  });
}
