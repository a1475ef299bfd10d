// The chaos table (../chaos/chaos-outcomes.ts) replayed on the wire: for one
// adapter pointed at the testkit's fake server, every row × generate/stream,
// through `withResilience([primary, secondary])`, asserting the outcome, the
// error the adapter classified the fault as, and the requests the server saw.
import {
  StreamInterruptedError,
  wrapChatModel,
  type ChatModel,
  type ChatRequest,
} from '@org/llm-core';
import { eventually, fakeWireClock, settle } from '@org/llm-test-support/wire-clock';
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
 * The table's setup (`chaosSetup`) scaled down: the same retry rules and
 * `maxRetryAfterMs`, deadlines in the same order (first content = idle <
 * attempt), a short backoff and no jitter (`random` 0, so every wait is
 * exact). Rows run on a faked clock that moves only when the row waits for
 * time (see `runRow`), so these are fake milliseconds: a loaded machine
 * cannot make a deadline fire early.
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

/** The text a stream has delivered so far, updated as its parts arrive. */
interface Progress {
  text: string;
}

async function call(
  model: ChatModel,
  operation: Operation,
  progress: Progress,
): Promise<CallOutcome> {
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
    for await (const part of stream) if (part.type === 'text-delta') progress.text += part.delta;
    const result = await stream.final();
    return { text: result.text, answeredBy: answeredBy(stream), committed: true };
  } catch (error) {
    return { error, committed: true };
  }
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

/** The deadline a row's fault must run into, from the row's expected error. */
function deadlineOf(expected: ChaosExpectation): number | undefined {
  const { deadline } = wireChaosOptions;
  switch (expected.error.phase) {
    case 'first-content':
      return deadline.firstContentMs;
    case 'idle':
      return deadline.idleMs;
    case 'attempt':
      return deadline.attemptMs;
    case undefined:
      return undefined;
  }
}

/** Counts the calls `withResilience` makes to a model (attempts, retries and fallbacks alike). */
function counted(model: ChatModel, calls: { count: number }): ChatModel {
  return wrapChatModel(model, {
    wrapGenerate: ({ request, next }) => {
      calls.count++;
      return next(request);
    },
    wrapStream: ({ request, next }) => {
      calls.count++;
      return next(request);
    },
  });
}

/**
 * Runs one row against a fresh fake server on a faked clock
 * (`fakeWireClock`: the server's stalls and pings, the deadlines and the
 * retry's sleep); the sockets stay real. The clock moves only where the row's story waits for time, and only
 * once what comes before has happened, which the test sees as events:
 *
 * - into the row's deadline, once the server has the request (or, for an
 *   idle deadline, once the stream has delivered the text before the
 *   stall), by the deadline less 1 ms (nothing may happen yet), then 1 ms;
 * - through each retry's wait, once the retry is planned, by its `delayMs`
 *   less 1 ms (no new attempt may start yet), then timer by timer until the
 *   attempt starts.
 *
 * So a loaded machine changes how long a row takes, never its outcome, and
 * every deadline and wait is checked to the millisecond (a wait may end
 * 1 ms late after a deadline: see the loop).
 */
async function runRow(
  target: WireTarget,
  scripts: WireScripts,
  script: (now: number) => FakeScript,
  expected: ChaosExpectation,
  operation: Operation,
): Promise<RowRun> {
  // The server reads the global clock on every answer, so a faked Date governs its headers too.
  const server = await createFakeProviderServer({ now: () => Date.now() });
  try {
    using _clock = fakeWireClock();
    // A whole second, so HTTP dates (second precision) and reset timestamps are exact.
    vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000 + 1000);
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
    const calls = { count: 0 };
    const events = new ResilienceEvents();
    const retries: RetryEvent[] = [];
    const fallbacks: FallbackEvent[] = [];
    const retryTimes: number[] = [];
    events.onRetry((event) => {
      retries.push(event);
      retryTimes.push(Date.now());
    });
    events.onFallback((event) => fallbacks.push(event));
    const timeouts: number[] = [];
    events.onTimeout((event) => timeouts.push(event.timeoutMs));
    const model = withResilience([counted(primary, calls), counted(secondary, calls)], {
      ...wireChaosOptions,
      events,
    });

    const progress: Progress = { text: '' };
    let outcome: CallOutcome | undefined;
    const running = call(model, operation, progress).then((settled) => {
      outcome = settled;
    });
    const ended = (): boolean => outcome !== undefined;
    const state = (): string =>
      `So far: ${calls.count} call(s) to the models, requests at the server for ${JSON.stringify(server.requests.map(modelOf))}, ${retries.length} retry(s), ${fallbacks.length} fallback(s), text ${JSON.stringify(progress.text)}.`;

    const deadlineMs = deadlineOf(expected);
    if (deadlineMs !== undefined) {
      const idle = expected.error.phase === 'idle';
      await eventually(
        () =>
          ended() || (idle ? progress.text === scripts.partialText : primaryArrivals.length > 0),
        idle ? 'the text before the stall' : 'the request at the server',
        state,
      );
      if (!ended()) {
        await vi.advanceTimersByTimeAsync(deadlineMs - 1);
        await settle();
        expect(timeouts, 'no deadline expires early').toEqual([]);
        await vi.advanceTimersByTimeAsync(1);
        expect(timeouts, 'the deadline expires on time').toEqual([deadlineMs]);
      }
    }
    for (let handled = 0; ; handled++) {
      await eventually(
        () => ended() || retries.length > handled,
        `the call to end or retry ${handled + 1}`,
        state,
      );
      if (retries.length <= handled) break;
      const { delayMs } = retries[handled]!;
      const plannedAt = retryTimes[handled]!;
      const attempts = calls.count;
      await vi.advanceTimersByTimeAsync(delayMs - 1);
      await settle();
      expect(calls.count, 'no attempt before the retry’s wait is over').toBe(attempts);
      // Then timer by timer: the retry's sleep, and maybe before it the
      // zero-delay hop of cockatiel's retry loop, which Node (and the fake
      // clock) runs 1 ms later when it is set while another timer fires (a
      // deadline's). So the clock stops on the sleep's exact time.
      while (calls.count === attempts && Date.now() - plannedAt <= delayMs) {
        await vi.advanceTimersToNextTimerAsync();
        await settle();
      }
      expect(calls.count, 'an attempt once the retry’s wait is over').toBe(attempts + 1);
      expect(Date.now() - plannedAt).toBeLessThanOrEqual(delayMs + 1);
    }
    await running;
    return {
      outcome: outcome!,
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
    };
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

async function replay(
  target: WireTarget,
  scripts: WireScripts,
  row: ChaosCase,
  operation: Operation,
  script: (now: number) => FakeScript,
): Promise<void> {
  const expected = row[operation];
  const run = await runRow(target, scripts, script, expected, operation);
  expectOutcome(run, expected, operation, target, scripts, `${target.name} ${row.id} ${operation}`);
}

/**
 * Replays every row of the chaos table on `target`'s wire. Rows the wire
 * cannot produce are skipped (listed on the console with the reason); extra
 * variants replay a row with the fault at another position. Every row steps a
 * faked clock, which is global, so rows run one after the other; each takes
 * only the time its requests take.
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
      describe(row.id, () => {
        it.each(operations)('%s', async (operation) => {
          await replay(target, scripts, row, operation, wireFault.script);
        });
      });
    }

    if (scripts.extraVariants.length === 0) return;
    describe('the same faults at another position', () => {
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
