import type { ChatModel } from '@org/llm-core';
import {
  CircuitBreakerRegistry,
  ResilienceEvents,
  withBulkhead,
  withCircuitBreaker,
  withDeadline,
  withFallback,
  withRetry,
} from '@org/llm-resilience';

/** The order `withResilience` uses, spelled out: fallback → breaker → retry → deadline → limiter → adapter. */
export function composed(primary: ChatModel, secondary: ChatModel): ChatModel {
  const events = new ResilienceEvents();
  const circuits = new CircuitBreakerRegistry({ events });
  const stack = (adapter: ChatModel): ChatModel =>
    withCircuitBreaker(
      withRetry(
        withDeadline(withBulkhead(adapter, { maxConcurrent: 8, events }), {
          idleMs: 30_000,
          events,
        }),
        {
          events,
        },
      ),
      { circuits },
    );
  events.onCircuitOpen(({ key, halfOpenAfterMs }) => {
    console.error(`${key} is failing; calls skip it for ${halfOpenAfterMs} ms`);
  });
  return withFallback([stack(primary), stack(secondary)], { events });
}
