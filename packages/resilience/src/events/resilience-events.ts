import type { Cost, LlmError, TimeoutPhase, Usage } from '@org/llm-core';
import { reportListenerError } from '../internal/report-listener-error.ts';

/** A model named by provider and id, as events and results report it. */
export interface ModelRef {
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** Model id, e.g. `gpt-4o-mini`. */
  readonly modelId: string;
}

/** What every per-call event says about the call it belongs to. */
export interface CallContext extends ModelRef {
  /** `generate` or `stream`. */
  readonly operation: 'generate' | 'stream';
  /** The request's own `metadata` (feature, user, tenant), for attribution. */
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
}

/** An attempt failed and another one will follow after `delayMs`. */
export interface RetryEvent extends CallContext {
  /** The attempt that failed, starting at 1. */
  readonly attempt: number;
  /** How long the retry waits before the next attempt, in milliseconds (jitter included). */
  readonly delayMs: number;
  /** The provider's own wait from the failed attempt's error, when it sent one, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Why the attempt failed. */
  readonly error: LlmError;
  /** Tokens the failed attempt used, when known (providers bill them even though it failed). */
  readonly usage: Usage | undefined;
  /** What the failed attempt cost in US dollars, when its usage and the model's prices are known. */
  readonly cost: Cost | undefined;
}

/** Why the retry layer stopped retrying. */
export type GiveUpReason =
  /** The error may not be retried (quota, authentication, invalid request, content filter, ...). */
  | 'not-retryable'
  /** Every allowed attempt failed. */
  | 'attempts-exhausted'
  /** The provider asked to wait longer than `maxRetryAfterMs`; thrown at once so a fallback can act. */
  | 'retry-after-too-long'
  /** The next attempt could not start before the total `deadlineMs`. */
  | 'deadline';

/** The retry layer gave up; the call rejects with `error`. */
export interface GiveUpEvent extends CallContext {
  /** Attempts made. */
  readonly attempts: number;
  /** Why the retry layer stopped. */
  readonly reason: GiveUpReason;
  /** The error the call rejects with. */
  readonly error: unknown;
}

/** A per-attempt deadline expired; that attempt was aborted. */
export interface TimeoutEvent extends CallContext {
  /** Which deadline expired. */
  readonly phase: TimeoutPhase;
  /** The deadline, in milliseconds. */
  readonly timeoutMs: number;
  /** Whether the stream had committed (then the caller gets a `StreamInterruptedError`). */
  readonly afterCommit: boolean;
}

/** A circuit opened: calls under `key` fail fast with `CircuitOpenError` for `halfOpenAfterMs`. */
export interface CircuitOpenEvent extends ModelRef {
  /** The breaker's key, by default `provider:modelId`. */
  readonly key: string;
  /** The failure that opened it. */
  readonly error: unknown;
  /** How long the circuit stays open before a probe, in milliseconds. */
  readonly halfOpenAfterMs: number;
}

/** A circuit is half-open: probe calls decide whether it closes or opens again. */
export interface CircuitHalfOpenEvent extends ModelRef {
  /** The breaker's key. */
  readonly key: string;
}

/** A circuit closed again after a successful probe. */
export interface CircuitCloseEvent extends ModelRef {
  /** The breaker's key. */
  readonly key: string;
}

/** A fallback layer moved past one model. */
export interface FallbackEvent extends CallContext {
  /** The model moved past. */
  readonly from: ModelRef;
  /** The model tried next, or `undefined` when none is left. */
  readonly to: ModelRef | undefined;
  /** `error`: `from` failed; `unsupported`: `from` cannot serve the request (tools, images...). */
  readonly reason: 'error' | 'unsupported';
  /** The failure, or the `UnsupportedFeatureError` naming what `from` lacks. */
  readonly error: unknown;
  /** Tokens `from`'s failed attempt used, when known. */
  readonly usage: Usage | undefined;
  /** What `from`'s failed attempt cost in US dollars, when known. */
  readonly cost: Cost | undefined;
}

/** A hedging decision. */
export interface HedgeEvent extends CallContext {
  /**
   * `started`: a hedged attempt started because nothing had committed after `delayMs`;
   * `capped`: it was not started because the cap on hedges in flight was reached;
   * `won`: attempt `index` committed first and the others were aborted.
   */
  readonly action: 'started' | 'capped' | 'won';
  /** Index of the attempt concerned in the hedging list (0 is the primary). */
  readonly index: number;
  /** The model of that attempt. */
  readonly model: ModelRef;
  /** The hedging delay in force, in milliseconds. */
  readonly delayMs: number;
}

/** Which client-side limit acted. */
export type LimitKind = 'concurrency' | 'requests-per-minute' | 'tokens-per-minute';

/** A client-side limit delayed or rejected a call. */
export interface RateLimitedEvent extends CallContext {
  /** The limit that acted. */
  readonly limit: LimitKind;
  /** `queued`: waits for a concurrency slot; `waiting`: waits for the bucket; `rejected`: failed fast. */
  readonly action: 'queued' | 'waiting' | 'rejected';
  /** Expected wait, in milliseconds, when known. */
  readonly waitMs: number | undefined;
}

/** A broken stream is being continued by a new request (`resumeInterrupted`). */
export interface ResumeEvent extends CallContext {
  /** Which resume this is, starting at 1. */
  readonly resume: number;
  /** What broke the stream (the `StreamInterruptedError`'s cause). */
  readonly error: unknown;
  /** Characters of answer text already delivered, which the continuation must not repeat. */
  readonly deliveredTextLength: number;
}

/** Every event by name. */
export interface ResilienceEventMap {
  retry: RetryEvent;
  giveUp: GiveUpEvent;
  timeout: TimeoutEvent;
  circuitOpen: CircuitOpenEvent;
  circuitHalfOpen: CircuitHalfOpenEvent;
  circuitClose: CircuitCloseEvent;
  fallback: FallbackEvent;
  hedge: HedgeEvent;
  rateLimited: RateLimitedEvent;
  resume: ResumeEvent;
}

/** Handle of a subscription: `dispose()` (or `using`) stops the listener; safe to call twice. */
export interface EventSubscription {
  /** Stops the listener. */
  dispose(): void;
  /** Same as `dispose()`, for `using` declarations. */
  [Symbol.dispose](): void;
}

/** Subscribes a listener: `events.onRetry((event) => ...)` returns a subscription. */
export type ResilienceEvent<T> = (listener: (event: T) => void) => EventSubscription;

type Listeners = { [K in keyof ResilienceEventMap]: ((event: ResilienceEventMap[K]) => void)[] };

/**
 * Typed hooks for every decision the resilience layers make. Every
 * decorator takes an `events` option; pass one instance to several
 * decorators (as `withResilience` does) to observe them all in one place.
 * Observability packages subscribe here.
 *
 * A listener that throws does not disturb the call: its error is reported
 * as a process warning (`ResilienceListenerError`), so the bug is not hidden.
 *
 * @example
 * const events = new ResilienceEvents();
 * events.onRetry(({ attempt, delayMs, error }) => log.warn({ attempt, delayMs, code: error.code }));
 */
export class ResilienceEvents {
  readonly #listeners: Listeners = {
    retry: [],
    giveUp: [],
    timeout: [],
    circuitOpen: [],
    circuitHalfOpen: [],
    circuitClose: [],
    fallback: [],
    hedge: [],
    rateLimited: [],
    resume: [],
  };

  /** An attempt failed and will be retried. */
  readonly onRetry: ResilienceEvent<RetryEvent> = (listener) => this.#add('retry', listener);
  /** The retry layer gave up. */
  readonly onGiveUp: ResilienceEvent<GiveUpEvent> = (listener) => this.#add('giveUp', listener);
  /** A per-attempt deadline expired. */
  readonly onTimeout: ResilienceEvent<TimeoutEvent> = (listener) => this.#add('timeout', listener);
  /** A circuit opened. */
  readonly onCircuitOpen: ResilienceEvent<CircuitOpenEvent> = (listener) =>
    this.#add('circuitOpen', listener);
  /** A circuit went half-open (probing). */
  readonly onCircuitHalfOpen: ResilienceEvent<CircuitHalfOpenEvent> = (listener) =>
    this.#add('circuitHalfOpen', listener);
  /** A circuit closed. */
  readonly onCircuitClose: ResilienceEvent<CircuitCloseEvent> = (listener) =>
    this.#add('circuitClose', listener);
  /** A fallback moved past a model. */
  readonly onFallback: ResilienceEvent<FallbackEvent> = (listener) =>
    this.#add('fallback', listener);
  /** A hedge started, was capped, or won. */
  readonly onHedge: ResilienceEvent<HedgeEvent> = (listener) => this.#add('hedge', listener);
  /** A client-side limit queued, delayed or rejected a call. */
  readonly onRateLimited: ResilienceEvent<RateLimitedEvent> = (listener) =>
    this.#add('rateLimited', listener);
  /** A broken stream is being resumed. */
  readonly onResume: ResilienceEvent<ResumeEvent> = (listener) => this.#add('resume', listener);

  /** Whether anyone listens to `name`; lets emitters skip building an event nobody reads. */
  has(name: keyof ResilienceEventMap): boolean {
    return this.#listeners[name].length > 0;
  }

  /**
   * Delivers an event to its listeners. Decorators call this; applications
   * only subscribe (a custom decorator may emit on the same instance).
   */
  emit<K extends keyof ResilienceEventMap>(name: K, event: ResilienceEventMap[K]): void {
    const listeners = this.#listeners[name];
    if (listeners.length === 0) return;
    // A listener may dispose itself while we iterate: iterate a snapshot.
    for (const listener of listeners.slice()) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  #add<K extends keyof ResilienceEventMap>(
    name: K,
    listener: (event: ResilienceEventMap[K]) => void,
  ): EventSubscription {
    const listeners = this.#listeners[name] as ((event: ResilienceEventMap[K]) => void)[];
    listeners.push(listener);
    let active = true;
    const dispose = (): void => {
      if (!active) return;
      active = false;
      const index = listeners.indexOf(listener);
      if (index !== -1) listeners.splice(index, 1);
    };
    return { dispose, [Symbol.dispose]: dispose };
  }
}
