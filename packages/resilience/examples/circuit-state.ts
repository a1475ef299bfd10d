import type { ChatModel } from '@org/llm-core';
import {
  CircuitBreakerRegistry,
  withCircuitBreaker,
  type CircuitBreakerSnapshot,
} from '@org/llm-resilience';

/** Where breaker state lives between runs, e.g. a Redis key or a file. */
export interface SnapshotStore {
  load(): Promise<CircuitBreakerSnapshot | undefined>;
  save(snapshot: CircuitBreakerSnapshot): Promise<void>;
}

/** Breakers that start from what the last run (or another process) learned. */
export async function guarded(
  models: readonly ChatModel[],
  store: SnapshotStore,
): Promise<ChatModel[]> {
  const circuits = new CircuitBreakerRegistry({
    mode: { type: 'sampling', threshold: 0.5, durationMs: 30_000, minimumRps: 1 },
    halfOpenAfterMs: 15_000,
    initialState: await store.load(),
  });
  // Save on every change of state; a snapshot is plain JSON.
  const save = (): void => {
    void store.save(circuits.exportState());
  };
  circuits.events.onCircuitOpen(save);
  circuits.events.onCircuitClose(save);
  return models.map((model) => withCircuitBreaker(model, { circuits }));
}
