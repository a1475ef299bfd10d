import {
  ConfigError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type FailedAttempt,
} from '@org/llm-core';
import { ResilienceEvents, type CallContext, type ModelRef } from '../events/resilience-events.ts';
import { attemptSignal } from '../internal/abort.ts';
import { allAttemptsFailed } from '../internal/all-attempts-failed.ts';
import { attemptUsage } from '../internal/attempt-usage.ts';
import { callContext, modelRef } from '../internal/call-context.ts';
import { checkNumber } from '../internal/check-option.ts';
import { markAnsweredBy } from '../fallback/answered-by.ts';
import { shouldFallBack } from '../fallback/should-fall-back.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { LatencyWindow } from './latency-window.ts';

/** A hedging delay learned from the primary's recent times to first content. */
export interface LearnedHedgeDelay {
  /** Which percentile of recent times to first content to wait; default 0.95. */
  readonly percentile?: number | undefined;
  /** Delay until `minSamples` times are known, in milliseconds. */
  readonly initialMs: number;
  /** Samples needed before the learned delay is used; default 20. */
  readonly minSamples?: number | undefined;
  /** How many recent samples to keep; default 100. */
  readonly window?: number | undefined;
  /** Floor of the learned delay, in milliseconds; default 0. */
  readonly minMs?: number | undefined;
}

/** Options of {@link withHedging}. */
export interface HedgeOptions {
  /**
   * How long the primary may go without content before a hedge starts: a
   * fixed number of milliseconds, or a delay learned from the primary's
   * recent times to first content (its p95 by default).
   */
  readonly delayMs: number | LearnedHedgeDelay;
  /**
   * Most hedged attempts running at once across all calls of this model
   * (the primary attempts do not count); default 10. Beyond it no hedge
   * starts (an `onHedge` event with action `capped` says so), capping the
   * extra spend when the provider is slow for everyone.
   */
  readonly maxHedgesInFlight?: number | undefined;
  /**
   * After a failure with no attempt left running, whether to start the next
   * model at once instead of waiting for the delay; default `shouldFallBack`.
   */
  readonly when?: ((error: unknown) => boolean) | undefined;
  /** Where `onHedge` is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** Why a losing attempt was aborted; never seen by callers (its rejection is swallowed). */
class HedgeLostError extends Error {
  constructor() {
    super('Another hedged attempt committed first; this one was aborted.');
    this.name = 'HedgeLostError';
  }
}

interface Attempt {
  readonly index: number;
  readonly controller: AbortController;
}

/**
 * Hedged requests for tail latency: starts `models[0]`; if it has produced
 * no content after `delayMs`, starts `models[1]` as well (then the next, one
 * delay later each). The first attempt to commit (a stream's first content
 * part, a `generate()` result) wins and the others are aborted. A failure
 * with nothing else running starts the next model at once. Pass one model
 * to hedge it with itself.
 *
 * When every attempt failed it rejects with that error if there was one
 * attempt, else `AllAttemptsFailedError`. The winner is reported like a
 * fallback's (`answeredBy`).
 *
 * @example
 * const model = withHedging([primary, backup], { delayMs: { initialMs: 1500 } });
 */
export function withHedging(
  models: ChatModel | readonly ChatModel[],
  options: HedgeOptions,
): ResilientChatModel {
  const list: readonly ChatModel[] = Array.isArray(models)
    ? (models as readonly ChatModel[])
    : [models as ChatModel, models as ChatModel];
  const primary = list[0];
  if (primary === undefined) {
    throw new ConfigError('withHedging needs a model: pass one model or [primary, backup, ...].');
  }
  const learned = typeof options.delayMs === 'number' ? undefined : options.delayMs;
  if (learned === undefined) checkNumber(options.delayMs as number, 'hedge delayMs', { min: 0 });
  else {
    checkNumber(learned.initialMs, 'hedge delayMs.initialMs', { min: 0 });
    checkNumber(learned.percentile, 'hedge delayMs.percentile', { min: 0, exclusiveMin: true });
    checkNumber(learned.minSamples, 'hedge delayMs.minSamples', { min: 1, integer: true });
    checkNumber(learned.window, 'hedge delayMs.window', { min: 1, integer: true });
  }
  checkNumber(options.maxHedgesInFlight, 'hedge maxHedgesInFlight', { min: 0, integer: true });
  const maxHedges = options.maxHedgesInFlight ?? 10;
  const when = options.when ?? shouldFallBack;
  const events = options.events ?? new ResilienceEvents();
  const window = learned === undefined ? undefined : new LatencyWindow(learned.window ?? 100);
  const refs = list.map(modelRef);
  let hedgesInFlight = 0;

  function currentDelay(): number {
    if (learned === undefined) return options.delayMs as number;
    if (window === undefined || window.count < (learned.minSamples ?? 20)) return learned.initialMs;
    const value = window.percentile(learned.percentile ?? 0.95) ?? learned.initialMs;
    return Math.max(learned.minMs ?? 0, Math.round(value));
  }

  function run<T>(
    operation: CallContext['operation'],
    request: ChatRequest,
    call: (model: ChatModel, request: ChatRequest) => Promise<T>,
    discard: (value: T) => void,
  ): Promise<{ readonly value: T; readonly model: ModelRef }> {
    const caller = request.abortSignal;
    if (caller?.aborted === true) return Promise.reject(caller.reason as Error);
    const context = callContext(primary!, operation, request);
    const delayMs = currentDelay();

    return new Promise((resolve, reject) => {
      const running = new Set<Attempt>();
      const failures: FailedAttempt[] = [];
      let next = 0;
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;

      const finish = (): void => {
        done = true;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };

      const scheduleHedge = (): void => {
        if (next >= list.length) return;
        timer = setTimeout(() => {
          timer = undefined;
          if (done) return;
          if (hedgesInFlight >= maxHedges) {
            events.emit('hedge', {
              ...context,
              action: 'capped',
              index: next,
              model: refs[next]!,
              delayMs,
            });
            return;
          }
          events.emit('hedge', {
            ...context,
            action: 'started',
            index: next,
            model: refs[next]!,
            delayMs,
          });
          start();
          scheduleHedge();
        }, delayMs);
      };

      const start = (): void => {
        const index = next++;
        const attempt: Attempt = { index, controller: new AbortController() };
        const hedge = index > 0;
        if (hedge) hedgesInFlight++;
        running.add(attempt);
        const startedAt = performance.now();
        const model = list[index]!;
        call(model, { ...request, abortSignal: attemptSignal(caller, attempt.controller) })
          .finally(() => {
            running.delete(attempt);
            if (hedge) hedgesInFlight--;
          })
          .then(
            (value) => {
              if (index === 0) window?.add(performance.now() - startedAt);
              if (done) {
                discard(value);
                return;
              }
              finish();
              for (const other of running) other.controller.abort(new HedgeLostError());
              if (next > 1) {
                events.emit('hedge', {
                  ...context,
                  action: 'won',
                  index,
                  model: refs[index]!,
                  delayMs,
                });
              }
              resolve({ value, model: refs[index]! });
            },
            (error: unknown) => {
              if (done) return;
              if (caller?.aborted === true) {
                finish();
                reject(caller.reason as Error);
                return;
              }
              failures.push({ ...refs[index]!, error, ...attemptUsage(model, error) });
              if (running.size > 0) return; // Another attempt may still win.
              if (next < list.length && when(error)) {
                if (timer !== undefined) clearTimeout(timer);
                start();
                scheduleHedge();
                return;
              }
              finish();
              reject(
                failures.length === 1
                  ? error
                  : allAttemptsFailed('Every hedged attempt failed', refs[0]!, failures),
              );
            },
          );
      };

      start();
      scheduleHedge();
    });
  }

  return decorateModel(primary, events, {
    generate: async (request): Promise<ChatResult> => {
      const { value, model } = await run(
        'generate',
        request,
        (target, attemptRequest) => target.generate(attemptRequest),
        () => undefined,
      );
      return markAnsweredBy(value, model);
    },
    stream: async (request): Promise<ChatStream> =>
      (
        await run(
          'stream',
          request,
          (target, attemptRequest) => target.stream(attemptRequest),
          // A lost hedge nobody reads: close it, releasing its connection.
          (lost) => {
            lost.cancel();
          },
        )
      ).value,
  });
}
