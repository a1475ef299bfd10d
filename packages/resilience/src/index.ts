/**
 * Retries, deadlines, circuit breakers, bulkheads, rate limits, fallbacks, hedging and batches for
 * any @org/llm ChatModel, built on cockatiel.
 *
 * @module @org/llm-resilience
 */

export type {
  CallContext,
  CircuitCloseEvent,
  CircuitHalfOpenEvent,
  CircuitOpenEvent,
  EventSubscription,
  FallbackEvent,
  GiveUpEvent,
  GiveUpReason,
  HedgeEvent,
  LimitKind,
  ModelRef,
  RateLimitedEvent,
  ResilienceEvent,
  ResilienceEventMap,
  ResumeEvent,
  RetryEvent,
  TimeoutEvent,
} from './events/resilience-events.ts';
export { ResilienceEvents } from './events/resilience-events.ts';
export type { ResilientChatModel } from './resilient-chat-model.ts';

export type { RetryDecisionContext, RetryOptions } from './retry/with-retry.ts';
export { withRetry } from './retry/with-retry.ts';
export { isRetryableError } from './retry/is-retryable-error.ts';
export type { RetryDelaySettings } from './retry/plan-retry-delay.ts';
export { planRetryDelay } from './retry/plan-retry-delay.ts';

export type { DeadlineOptions } from './deadline/with-deadline.ts';
export { withDeadline } from './deadline/with-deadline.ts';

export type {
  BreakerMode,
  CircuitBreakerSnapshot,
  CircuitSettings,
  CircuitStateName,
} from './breaker/circuit-breaker-registry.ts';
export { CircuitBreakerRegistry } from './breaker/circuit-breaker-registry.ts';
export type {
  CircuitBreakerCallOptions,
  CircuitBreakerChatModel,
  CircuitBreakerOptions,
} from './breaker/with-circuit-breaker.ts';
export { withCircuitBreaker } from './breaker/with-circuit-breaker.ts';
export { countsAsBreakerFailure } from './breaker/counts-as-breaker-failure.ts';

export type { BulkheadChatModel, BulkheadOptions } from './limiter/with-bulkhead.ts';
export { withBulkhead } from './limiter/with-bulkhead.ts';
export type { RateLimitCallOptions, RateLimitOptions } from './limiter/with-rate-limit.ts';
export { withRateLimit } from './limiter/with-rate-limit.ts';
export type { LimitListener, RateLease, RateLimiterSettings } from './limiter/rate-limiter.ts';
export { RateLimiter } from './limiter/rate-limiter.ts';
export type { LimiterRejectedErrorOptions } from './limiter/limiter-rejected-error.ts';
export { LimiterRejectedError } from './limiter/limiter-rejected-error.ts';
export type { RateLimitState } from './limiter/read-rate-limit-headers.ts';
export { readRateLimitHeaders } from './limiter/read-rate-limit-headers.ts';
export { estimateInputTokens } from './limiter/estimate-request-tokens.ts';

export type { FallbackDecisionContext, FallbackOptions } from './fallback/with-fallback.ts';
export { withFallback } from './fallback/with-fallback.ts';
export { shouldFallBack } from './fallback/should-fall-back.ts';
export type { MissingCapability } from './fallback/missing-capability.ts';
export { missingCapability } from './fallback/missing-capability.ts';
export { answeredBy } from './fallback/answered-by.ts';

export type { HedgeOptions, LearnedHedgeDelay } from './hedge/with-hedging.ts';
export { withHedging } from './hedge/with-hedging.ts';

export type {
  BatchProgress,
  GenerateManyOptions,
  GenerateManyResult,
} from './batch/generate-many.ts';
export { generateMany } from './batch/generate-many.ts';

export type { ResumeOptions } from './resume/with-resume-interrupted.ts';
export { defaultResumePrompt, withResumeInterrupted } from './resume/with-resume-interrupted.ts';

export type { ResilienceChatModel, ResilienceOptions } from './with-resilience.ts';
export { defaultDeadlines, withResilience } from './with-resilience.ts';
