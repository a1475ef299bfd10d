import type { ChatModel, ChatRequest, ChatResult, ChatStream } from '@org/llm-core';
import { ResilienceEvents } from '../events/resilience-events.ts';
import { checkNumber } from '../internal/check-option.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { AttemptClock, type AttemptDeadlines } from './attempt-clock.ts';

/** Options of {@link withDeadline}; every deadline is in milliseconds and optional. */
export interface DeadlineOptions {
  /**
   * Streams: no content part within this long after the attempt started.
   * Expiry before the commit point rejects `stream()` with a retryable
   * `TimeoutError` of phase `first-content`.
   */
  readonly firstContentMs?: number | undefined;
  /**
   * Streams, after the commit point: the provider sent no part for this
   * long while the reader was waiting for one (keep-alive comments and pings
   * do not count: adapters do not turn them into parts). Expiry ends the
   * stream with `StreamInterruptedError` whose cause is a `TimeoutError` of
   * phase `idle`.
   */
  readonly idleMs?: number | undefined;
  /**
   * The whole attempt: `generate()` until its result, a stream until its
   * last part. The only deadline that applies to `generate()`.
   */
  readonly attemptMs?: number | undefined;
  /** Where `onTimeout` is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/**
 * Per-attempt deadlines: a stalled attempt is aborted (only that attempt:
 * the caller's signal is untouched) and fails with a retryable
 * `TimeoutError` whose `phase` says which deadline expired, so a retry or
 * fallback layer above can act. Before the commit point that is a rejection;
 * after it the stream ends with `StreamInterruptedError` (cause: the
 * `TimeoutError`). The caller's own abort always wins, with its own reason.
 *
 * Put it below the retry layer (as `withResilience` does) so each attempt
 * gets fresh deadlines. One timer serves all three deadlines of an attempt.
 *
 * @example
 * const model = withRetry(withDeadline(adapter, { firstContentMs: 20_000, idleMs: 15_000 }));
 */
export function withDeadline(model: ChatModel, options: DeadlineOptions): ResilientChatModel {
  checkNumber(options.firstContentMs, 'deadline firstContentMs', { min: 0, exclusiveMin: true });
  checkNumber(options.idleMs, 'deadline idleMs', { min: 0, exclusiveMin: true });
  checkNumber(options.attemptMs, 'deadline attemptMs', { min: 0, exclusiveMin: true });
  const events = options.events ?? new ResilienceEvents();
  const deadlines: AttemptDeadlines = {
    attemptMs: options.attemptMs,
    firstContentMs: options.firstContentMs,
    idleMs: options.idleMs,
  };
  const generateDeadlines: AttemptDeadlines = {
    attemptMs: options.attemptMs,
    firstContentMs: undefined,
    idleMs: undefined,
  };
  // With only an idle deadline nothing can expire before the commit point:
  // the call then needs no promise of its own to reject at expiry.
  const expiresBeforeCommit =
    deadlines.attemptMs !== undefined || deadlines.firstContentMs !== undefined;
  const streamDeadlines = expiresBeforeCommit || deadlines.idleMs !== undefined;

  /** Calls `open` with the attempt's signal; a synchronous throw becomes a rejection. */
  function start<T>(
    clock: AttemptClock,
    request: ChatRequest,
    open: (request: ChatRequest) => Promise<T>,
  ): Promise<T> {
    try {
      return open({ ...request, abortSignal: clock.signal });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function generate(request: ChatRequest): Promise<ChatResult> {
    if (deadlines.attemptMs === undefined) return model.generate(request);
    const caller = request.abortSignal;
    if (caller?.aborted === true) return Promise.reject(caller.reason as Error);
    const clock = new AttemptClock(generateDeadlines, model, 'generate', request, events);
    return new Promise<ChatResult>((resolve, reject) => {
      // Rejects at expiry even if the model is slow to honour its signal.
      clock.onExpire = reject;
      start(clock, request, (attempt) => model.generate(attempt)).then(
        (result) => {
          clock.close();
          resolve(result);
        },
        (error: unknown) => {
          clock.close();
          reject(caller?.aborted === true ? (caller.reason as unknown) : (clock.expired ?? error));
        },
      );
    });
  }

  function stream(request: ChatRequest): Promise<ChatStream> {
    if (!streamDeadlines) return model.stream(request);
    const caller = request.abortSignal;
    if (caller?.aborted === true) return Promise.reject(caller.reason as Error);
    const clock = new AttemptClock(deadlines, model, 'stream', request, events);
    if (!expiresBeforeCommit) {
      return start(clock, request, (attempt) => model.stream(attempt)).then(
        (stream) => {
          clock.commit();
          stream.observe(clock);
          return stream;
        },
        (error: unknown) => {
          clock.close();
          throw caller?.aborted === true ? (caller.reason as unknown) : error;
        },
      );
    }
    return new Promise<ChatStream>((resolve, reject) => {
      clock.onExpire = reject;
      start(clock, request, (attempt) => model.stream(attempt)).then(
        (stream) => {
          if (clock.expired !== undefined) {
            // Committed in the same tick as the deadline expired: too late.
            stream.cancel();
            return;
          }
          clock.commit();
          // The stream runs under the attempt's signal: the caller's abort
          // ends it with the caller's own reason, this clock's expiry (a
          // TimeoutError) with StreamInterruptedError. The clock only watches.
          if (clock.watchesAfterCommit) stream.observe(clock);
          resolve(stream);
        },
        (error: unknown) => {
          clock.close();
          reject(caller?.aborted === true ? (caller.reason as unknown) : (clock.expired ?? error));
        },
      );
    });
  }

  return decorateModel(model, events, { generate, stream });
}
