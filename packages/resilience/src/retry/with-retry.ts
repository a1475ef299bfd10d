import { TimeoutError, type ChatModel, type ChatRequest, type LlmError } from '@org/llm-core';
import {
  DelegateBackoff,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IRetryBackoffContext,
  type IRetryContext,
  type TimeoutPolicy,
} from 'cockatiel';
import {
  ResilienceEvents,
  type CallContext,
  type GiveUpReason,
} from '../events/resilience-events.ts';
import { sleep } from '../internal/abort.ts';
import { attemptUsage } from '../internal/attempt-usage.ts';
import { callContext } from '../internal/call-context.ts';
import { checkNumber } from '../internal/check-option.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { isRetryableError } from './is-retryable-error.ts';
import { planRetryDelay, type RetryDelaySettings } from './plan-retry-delay.ts';

/** What {@link RetryOptions.shouldRetry} is told about the failed attempt. */
export interface RetryDecisionContext extends CallContext {
  /** The attempt that failed, starting at 1. */
  readonly attempt: number;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Attempts in all, the first one included; default 3. `1` turns retrying off. */
  readonly maxAttempts?: number | undefined;
  /** Exponential backoff base for the first retry, in milliseconds; default 500. */
  readonly initialDelayMs?: number | undefined;
  /** Exponential backoff ceiling, in milliseconds; default 10,000. */
  readonly maxDelayMs?: number | undefined;
  /** Exponential backoff growth per retry; default 2. */
  readonly backoffFactor?: number | undefined;
  /**
   * Longest provider Retry-After worth sleeping on, in milliseconds; default
   * 60,000. A longer one is not slept on: the error is thrown at once, so a
   * fallback can take over.
   */
  readonly maxRetryAfterMs?: number | undefined;
  /**
   * Bounds all attempts and the waits between them together, in
   * milliseconds. When it expires the running attempt is aborted and the call
   * rejects with a `TimeoutError` of phase `total` (not retryable); when the
   * next wait would end past it, the call gives up at once with the last
   * error. For a stream it bounds the time to the commit point. Default: none.
   */
  readonly deadlineMs?: number | undefined;
  /**
   * Narrows which retryable errors are retried (e.g. no retry of timeouts for
   * a non-idempotent tool call). It only sees errors the built-in rules allow;
   * it cannot make a quota, authentication, invalid-request or content-filter
   * error retryable.
   */
  readonly shouldRetry?: ((error: LlmError, context: RetryDecisionContext) => boolean) | undefined;
  /**
   * Request header that carries the attempt number (`1`, `2`, ...), so
   * provider-side logs can tell retries apart; default `x-llm-attempt`.
   * `false` sends none.
   */
  readonly attemptHeader?: string | false | undefined;
  /** Source of jitter in [0, 1); default `Math.random`. Tests inject a fixed one. */
  readonly random?: (() => number) | undefined;
  /** Where `onRetry` and `onGiveUp` are emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

interface RetrySettings extends RetryDelaySettings {
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly deadlineMs: number | undefined;
  readonly attemptHeader: string | false;
}

function resolveSettings(options: RetryOptions): RetrySettings {
  checkNumber(options.maxAttempts, 'retry maxAttempts', { min: 1, integer: true });
  checkNumber(options.initialDelayMs, 'retry initialDelayMs', { min: 0 });
  checkNumber(options.maxDelayMs, 'retry maxDelayMs', { min: 0 });
  checkNumber(options.backoffFactor, 'retry backoffFactor', { min: 1 });
  checkNumber(options.maxRetryAfterMs, 'retry maxRetryAfterMs', { min: 0 });
  checkNumber(options.deadlineMs, 'retry deadlineMs', { min: 0, exclusiveMin: true });
  return {
    maxAttempts: options.maxAttempts ?? 3,
    initialDelayMs: options.initialDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    backoffFactor: options.backoffFactor ?? 2,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    deadlineMs: options.deadlineMs,
    attemptHeader: options.attemptHeader ?? 'x-llm-attempt',
    random: options.random ?? Math.random,
  };
}

/**
 * What a failed attempt throws into the shared cockatiel policy: the error
 * and the call it belongs to, so the policy's predicate and backoff, built
 * once per decorator, can read that call's state. Unwrapped before the
 * caller sees anything.
 */
class AttemptFailure {
  readonly error: unknown;
  readonly call: RetryCall;

  constructor(error: unknown, call: RetryCall) {
    this.error = error;
    this.call = call;
  }
}

/** The retry decisions of one call, made with its own attempt count, wait and deadline. */
interface RetryCall {
  /** Whether the failed attempt's error may be retried (built-in rules, then `shouldRetry`). */
  retryable(error: unknown): boolean;
  /** The wait before the next attempt; throws `error` to give up instead. */
  planDelay(error: LlmError): number;
}

/** A policy as `withRetry` runs it: cockatiel's retry, alone or under the total deadline. */
interface RetryRunner {
  execute<T>(fn: (context: IRetryContext) => PromiseLike<T>, signal?: AbortSignal): Promise<T>;
}

// cockatiel's retry loop hands its predicate and backoff only the error; the
// error is an AttemptFailure, which knows its call.
const retryableFailure = (failure: unknown): boolean =>
  failure instanceof AttemptFailure && failure.call.retryable(failure.error);

const plannedBackoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
  const failure = (context.result as { readonly error: AttemptFailure }).error;
  return failure.call.planDelay(failure.error as LlmError);
});

/** The error a call rejects with: an attempt's own, unwrapped. */
function unwrap(failure: unknown): unknown {
  return failure instanceof AttemptFailure ? failure.error : failure;
}

/**
 * Retries failed calls of `model`: the single owner of retries (adapters
 * never retry). Built on cockatiel's `retry` with a `DelegateBackoff`, and
 * `timeout` + `wrap` for the total deadline, all built once per decorator.
 *
 * - Only {@link isRetryableError} errors are retried, at most `maxAttempts`
 *   attempts in all (default 3); anything else is rethrown at once, as is.
 * - The wait before a retry honours the failed attempt's own `retryAfterMs`
 *   plus a small jitter, else exponential backoff with jitter (see
 *   {@link planRetryDelay}); a Retry-After above `maxRetryAfterMs` is thrown
 *   at once instead of slept on.
 * - `stream()` is retried only before its commit point (the promise
 *   resolves there); after it, failures end the stream and are not retried.
 * - The caller's abort ends everything at once, with the signal's reason.
 * - Each attempt carries its number in the `x-llm-attempt` header and in events.
 *
 * @example
 * const model = withRetry(openai('gpt-4o-mini'), { maxAttempts: 4, deadlineMs: 30_000 });
 */
export function withRetry(model: ChatModel, options: RetryOptions = {}): ResilientChatModel {
  const settings = resolveSettings(options);
  const events = options.events ?? new ResilienceEvents();
  const shouldRetry = options.shouldRetry;
  const header = settings.attemptHeader;
  // Cooperative: the attempt is told through its signal and rejects on its
  // own. abortOnReturn false: a stream keeps its signal alive after commit.
  const totalTimeout: TimeoutPolicy | undefined =
    settings.deadlineMs === undefined
      ? undefined
      : timeout(settings.deadlineMs, {
          strategy: TimeoutStrategy.Cooperative,
          abortOnReturn: false,
        });
  // cockatiel 4 sleeps between attempts on a timer that ignores the abort
  // signal, so the backoff only plans the wait (or gives up by throwing)
  // and the next attempt sleeps it on an abortable timer.
  const retryPolicy = retry(handleWhen(retryableFailure), {
    maxAttempts: settings.maxAttempts - 1,
    backoff: plannedBackoff,
  });
  const policy: RetryRunner =
    totalTimeout === undefined ? retryPolicy : wrap(totalTimeout, retryPolicy);

  // The attempt header of a request without headers of its own, one shared
  // record per attempt number (adapters copy request headers, never change them).
  const attemptOnlyHeaders: Readonly<Record<string, string>>[] = [];

  /** The request of one attempt: its signal, and its number in the attempt header. */
  function tagAttempt(
    request: ChatRequest,
    attempt: number,
    signal: AbortSignal | undefined,
  ): ChatRequest {
    if (header === false) {
      return signal === request.abortSignal ? request : { ...request, abortSignal: signal };
    }
    const headers =
      request.headers === undefined
        ? (attemptOnlyHeaders[attempt] ??= Object.freeze({ [header]: String(attempt) }))
        : { ...request.headers, [header]: String(attempt) };
    const tagged: ChatRequest = { ...request, headers };
    if (signal !== request.abortSignal) tagged.abortSignal = signal;
    return tagged;
  }

  function run<T>(
    operation: CallContext['operation'],
    request: ChatRequest,
    call: (request: ChatRequest) => Promise<T>,
  ): Promise<T> {
    const caller = request.abortSignal;
    if (caller?.aborted === true) return Promise.reject(caller.reason as Error);
    if (totalTimeout !== undefined) return retrying(operation, request, call, undefined);
    // Without a total deadline the first attempt needs nothing from the
    // policy (no signal of its own, no wait): it runs alone, and the policy,
    // with its promises and closures per attempt, starts only if it fails,
    // replaying that failure as its attempt 1. A call that succeeds at once
    // costs one promise.
    let first: Promise<T>;
    try {
      first = call(tagAttempt(request, 1, caller));
    } catch (error) {
      first = Promise.reject(error);
    }
    return first.then(undefined, (error: unknown) => retrying(operation, request, call, { error }));
  }

  /** Runs the call under the policy; `firstFailure`: how attempt 1 already failed, if it ran. */
  function retrying<T>(
    operation: CallContext['operation'],
    request: ChatRequest,
    call: (request: ChatRequest) => Promise<T>,
    firstFailure: { readonly error: unknown } | undefined,
  ): Promise<T> {
    const caller = request.abortSignal;
    const deadlineAt =
      settings.deadlineMs === undefined ? undefined : performance.now() + settings.deadlineMs;
    let context: CallContext | undefined;
    const contextOf = (): CallContext => (context ??= callContext(model, operation, request));
    let attemptsMade = 0;
    let plannedDelayMs = 0;
    let giveUp: GiveUpReason | undefined;
    let lastRetryable = false;

    const decisions: RetryCall = {
      retryable(error) {
        lastRetryable =
          isRetryableError(error) &&
          (shouldRetry === undefined ||
            shouldRetry(error, { ...contextOf(), attempt: attemptsMade }));
        return lastRetryable;
      },
      planDelay(error) {
        if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.maxRetryAfterMs) {
          giveUp = 'retry-after-too-long';
          throw error;
        }
        const delayMs = planRetryDelay(attemptsMade, error, settings);
        if (deadlineAt !== undefined && performance.now() + delayMs >= deadlineAt) {
          giveUp = 'deadline';
          throw error;
        }
        plannedDelayMs = delayMs;
        if (events.has('retry')) {
          events.emit('retry', {
            ...contextOf(),
            attempt: attemptsMade,
            delayMs,
            retryAfterMs: error.retryAfterMs,
            error,
            ...attemptUsage(model, error),
          });
        }
        return 0;
      },
    };

    const attempt = async ({ attempt: retries, signal }: IRetryContext): Promise<T> => {
      attemptsMade = retries + 1;
      if (firstFailure !== undefined) {
        const { error } = firstFailure;
        firstFailure = undefined;
        throw failure(error, undefined);
      }
      // With a total deadline, `signal` is the deadline's; it stops following
      // the caller once the policy returns, so a committed stream also needs
      // the caller's own signal.
      let signalForAttempt = caller;
      if (totalTimeout !== undefined) {
        signalForAttempt = caller === undefined ? signal : AbortSignal.any([caller, signal]);
      }
      try {
        if (retries > 0) await sleep(plannedDelayMs, signalForAttempt);
        return await call(tagAttempt(request, attemptsMade, signalForAttempt));
      } catch (error) {
        throw failure(error, totalTimeout === undefined ? undefined : signal);
      }
    };

    /** What a failed attempt throws into the policy (`signal`: the total deadline's, if any). */
    const failure = (error: unknown, signal: AbortSignal | undefined): unknown => {
      if (caller?.aborted === true) return caller.reason;
      if (signal?.aborted === true) {
        return new TimeoutError(
          `The total deadline of ${settings.deadlineMs}ms for '${model.modelId}' expired during attempt ${attemptsMade}; raise deadlineMs or make attempts faster.`,
          {
            provider: model.provider,
            modelId: model.modelId,
            phase: 'total',
            timeoutMs: settings.deadlineMs,
            cause: error,
          },
        );
      }
      // Not an Error: a carrier that retrying() unwraps before anyone sees it (no stack to capture).
      return new AttemptFailure(error, decisions);
    };

    return policy.execute(attempt, caller).catch((thrown: unknown) => {
      if (caller?.aborted === true) throw caller.reason;
      const error = unwrap(thrown);
      if (events.has('giveUp')) {
        const reason: GiveUpReason =
          giveUp ??
          (TimeoutError.isInstance(error) && error.phase === 'total'
            ? 'deadline'
            : lastRetryable
              ? 'attempts-exhausted'
              : 'not-retryable');
        events.emit('giveUp', { ...contextOf(), attempts: attemptsMade, reason, error });
      }
      throw error;
    });
  }

  return decorateModel(model, events, {
    generate: (request) => run('generate', request, (tagged) => model.generate(tagged)),
    stream: (request) => run('stream', request, (tagged) => model.stream(tagged)),
  });
}
