import { ConfigError, type ChatModel } from '@org/llm-core';
import { CircuitBreakerRegistry } from './breaker/circuit-breaker-registry.ts';
import { withCircuitBreaker, type CircuitBreakerOptions } from './breaker/with-circuit-breaker.ts';
import { withDeadline, type DeadlineOptions } from './deadline/with-deadline.ts';
import { ResilienceEvents } from './events/resilience-events.ts';
import { withFallback, type FallbackOptions } from './fallback/with-fallback.ts';
import { withHedging, type HedgeOptions } from './hedge/with-hedging.ts';
import { withBulkhead, type BulkheadOptions } from './limiter/with-bulkhead.ts';
import { withRateLimit, type RateLimitOptions } from './limiter/with-rate-limit.ts';
import { decorateModel, type ResilientChatModel } from './resilient-chat-model.ts';
import { withResumeInterrupted, type ResumeOptions } from './resume/with-resume-interrupted.ts';
import { withRetry, type RetryOptions } from './retry/with-retry.ts';

/** The per-attempt deadlines `withResilience` applies when none are given. */
export const defaultDeadlines: DeadlineOptions = { idleMs: 60_000 };

/**
 * Options of {@link withResilience}. Every layer takes its own decorator's
 * options; a layer's `events` defaults to the shared `events`.
 */
export interface ResilienceOptions {
  /** Retries (`withRetry`); on by default (3 attempts). `false` turns them off. */
  readonly retry?: RetryOptions | false | undefined;
  /**
   * Per-attempt deadlines (`withDeadline`); default {@link defaultDeadlines}
   * (`idleMs` 60 s after the commit point). No first-content deadline by
   * default: reasoning models may think for minutes before their first
   * token; set `firstContentMs` when you know your models. `false` turns
   * them off.
   */
  readonly deadline?: DeadlineOptions | false | undefined;
  /** Circuit breakers (`withCircuitBreaker`), one registry for every model; on by default. `false` turns them off. */
  readonly breaker?: CircuitBreakerOptions | false | undefined;
  /** Hedged requests (`withHedging`, each model hedged with itself); off by default. */
  readonly hedge?: HedgeOptions | undefined;
  /**
   * Client-side RPM/TPM limits (`withRateLimit`), applied to each model
   * separately (pass a shared `limiter` for one account's budget); off by default.
   */
  readonly rateLimit?: RateLimitOptions | undefined;
  /** Concurrency limit (`withBulkhead`), applied to each model separately; off by default. */
  readonly bulkhead?: BulkheadOptions | undefined;
  /** Fallback settings (`withFallback`) when several models are given. */
  readonly fallback?: FallbackOptions | undefined;
  /**
   * Continue streams that break after their first content
   * (`withResumeInterrupted`, through the whole chain, so the next model can
   * finish what the first began); off by default, see its caveats.
   */
  readonly resumeInterrupted?: boolean | Omit<ResumeOptions, 'continueWith'> | undefined;
  /** Receives every layer's events; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** What {@link withResilience} returns. */
export interface ResilienceChatModel extends ResilientChatModel {
  /** The circuit breakers of every model, or `undefined` with `breaker: false`. */
  readonly circuits: CircuitBreakerRegistry | undefined;
}

/**
 * Wraps a model (or a fallback chain `[primary, ...fallbacks]`) in every
 * resilience layer, in the documented order, outermost first:
 *
 * resume (opt-in) → fallback → hedge (opt-in) → circuit breaker → retry →
 * per-attempt deadline → rate limit (opt-in) → bulkhead (opt-in) → adapter.
 *
 * So: each attempt gets fresh deadlines and waits its turn in the limiter;
 * retries stop at an open circuit; a model whose retries are exhausted, or
 * whose circuit is open, hands over to the next model; a stream is retried,
 * hedged and sent to a fallback only before its first content.
 *
 * @example
 * const model = withResilience([openai('gpt-4o'), anthropic('claude-sonnet-4-5')], {
 *   retry: { maxAttempts: 3, deadlineMs: 60_000 },
 *   deadline: { firstContentMs: 20_000, idleMs: 15_000 },
 * });
 * model.events.onFallback(({ from, to, error }) => log.warn({ from, to, error }));
 */
export function withResilience(
  models: ChatModel | readonly ChatModel[],
  options: ResilienceOptions = {},
): ResilienceChatModel {
  const list: readonly ChatModel[] = Array.isArray(models)
    ? (models as readonly ChatModel[])
    : [models as ChatModel];
  const primary = list[0];
  if (primary === undefined) {
    throw new ConfigError(
      'withResilience needs a model: pass one model or [primary, ...fallbacks].',
    );
  }
  const events = options.events ?? new ResilienceEvents();
  const breaker = options.breaker;
  const circuits =
    breaker === false
      ? undefined
      : (breaker?.circuits ??
        new CircuitBreakerRegistry({ ...breaker, events: breaker?.events ?? events }));
  const deadline = options.deadline ?? defaultDeadlines;

  const stack = (model: ChatModel): ChatModel => {
    let layer = model;
    if (options.bulkhead !== undefined) {
      layer = withBulkhead(layer, {
        ...options.bulkhead,
        events: options.bulkhead.events ?? events,
      });
    }
    if (options.rateLimit !== undefined) {
      layer = withRateLimit(layer, {
        ...options.rateLimit,
        events: options.rateLimit.events ?? events,
      });
    }
    if (deadline !== false)
      layer = withDeadline(layer, { ...deadline, events: deadline.events ?? events });
    if (options.retry !== false) {
      layer = withRetry(layer, { ...options.retry, events: options.retry?.events ?? events });
    }
    if (circuits !== undefined) {
      layer = withCircuitBreaker(layer, {
        circuits,
        key: breaker === false ? undefined : breaker?.key,
        countStreamFailures: breaker === false ? undefined : breaker?.countStreamFailures,
      });
    }
    if (options.hedge !== undefined) {
      layer = withHedging(layer, { ...options.hedge, events: options.hedge.events ?? events });
    }
    return layer;
  };

  let top: ChatModel =
    list.length === 1
      ? stack(primary)
      : withFallback(list.map(stack), {
          ...options.fallback,
          events: options.fallback?.events ?? events,
        });
  const resume = options.resumeInterrupted;
  if (resume !== undefined && resume !== false) {
    const settings = resume === true ? {} : resume;
    top = withResumeInterrupted(top, { ...settings, events: settings.events ?? events });
  }
  const outer = top;
  return decorateModel(
    outer,
    events,
    { generate: (request) => outer.generate(request), stream: (request) => outer.stream(request) },
    { circuits },
  );
}
