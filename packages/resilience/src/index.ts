// Public API of @org/llm-resilience.

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
