import type { ChatModel } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { expectTypeOf, it } from 'vitest';
import { CircuitBreakerRegistry } from './breaker/circuit-breaker-registry.ts';
import { withCircuitBreaker } from './breaker/with-circuit-breaker.ts';
import { withDeadline } from './deadline/with-deadline.ts';
import { RateLimiter } from './limiter/rate-limiter.ts';
import { withRateLimit } from './limiter/with-rate-limit.ts';
import { withRetry } from './retry/with-retry.ts';
import { withResilience, type ResilienceChatModel } from './with-resilience.ts';

const model: ChatModel = new MockChatModel();

it('returns ChatModels that compose in any order', () => {
  expectTypeOf(withRetry(withDeadline(model, { idleMs: 1 }))).toExtend<ChatModel>();
  expectTypeOf(withDeadline(withRetry(model), { idleMs: 1 })).toExtend<ChatModel>();
  expectTypeOf(withResilience([model, model])).toEqualTypeOf<ResilienceChatModel>();
  expectTypeOf(withResilience(model).circuits).toEqualTypeOf<CircuitBreakerRegistry | undefined>();
});

it('takes either a shared registry or breaker settings, not both', () => {
  withCircuitBreaker(model, { circuits: new CircuitBreakerRegistry() });
  withCircuitBreaker(model, { mode: { type: 'consecutive', failures: 3 } });
  // @ts-expect-error a shared registry carries its own settings
  withCircuitBreaker(model, { circuits: new CircuitBreakerRegistry(), halfOpenAfterMs: 5 });
});

it('takes either a shared limiter or limits, not both', () => {
  withRateLimit(model, { limiter: new RateLimiter({ requestsPerMinute: 1 }) });
  withRateLimit(model, { tokensPerMinute: 1000 });
  // @ts-expect-error a shared limiter carries its own limits
  withRateLimit(model, { limiter: new RateLimiter({}), requestsPerMinute: 5 });
});

it('keeps cockatiel out of the public types', () => {
  expectTypeOf<keyof CircuitBreakerRegistry>().toEqualTypeOf<
    'events' | 'countsAsFailure' | 'state' | 'keys' | 'isolate' | 'exportState' | 'importState'
  >();
});
