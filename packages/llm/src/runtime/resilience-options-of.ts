import type {
  CircuitBreakerRegistry,
  ResilienceEvents,
  ResilienceOptions,
} from '@org/llm-resilience';
import type { ResiliencePolicyConfig } from '../config/llm-config-schema.ts';

/**
 * The `withResilience` options of a configured policy, with the runtime's
 * shared events and the policy's shared circuit breakers (so a model's
 * circuit is one, whichever alias calls it).
 */
export function resilienceOptionsOf(
  policy: ResiliencePolicyConfig,
  events: ResilienceEvents,
  circuits: CircuitBreakerRegistry | undefined,
): ResilienceOptions {
  return {
    events,
    retry: policy.retry,
    deadline: policy.deadline,
    breaker: policy.breaker === false || circuits === undefined ? false : { circuits },
    hedge: policy.hedge,
    rateLimit: policy.rateLimit,
    bulkhead: policy.bulkhead,
    resumeInterrupted: policy.resumeInterrupted,
  };
}
