import { CircuitOpenError, ServerError } from '@org/llm-core';
import { CircuitBreakerRegistry, withCircuitBreaker } from '@org/llm-resilience';
import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { createInMemoryGatewayState } from '../state/in-memory-gateway-state.ts';
import { ManualClock } from '../test-support/manual-clock.ts';
import { SharedCircuitBreakers } from './shared-circuit-breakers.ts';

const request = { messages: [{ role: 'user' as const, content: 'Hi' }] };

/** One gateway instance's breaker over a model that always fails with a 500. */
function instance(
  store: ReturnType<typeof createInMemoryGatewayState>['circuits'],
  clock: ManualClock,
) {
  const failing = new MockChatModel({
    provider: 'openai',
    modelId: 'gpt-4o',
    respond: () => ({ error: new ServerError('down', { provider: 'openai', status: 500 }) }),
  });
  const circuits = new CircuitBreakerRegistry({
    mode: { type: 'consecutive', failures: 1 },
    halfOpenAfterMs: 10_000,
  });
  const model = withCircuitBreaker(failing, { circuits });
  const shared = new SharedCircuitBreakers({
    registries: [circuits],
    store,
    clock,
    intervalMs: 500,
    onError: (error) => {
      throw error;
    },
  });
  shared.start();
  return { failing, circuits, model, shared };
}

describe('SharedCircuitBreakers', () => {
  it('holds open on the others, at the next interval, a circuit one instance opened, until its time passes', async () => {
    const clock = new ManualClock();
    const { circuits: store } = createInMemoryGatewayState();
    const a = instance(store, clock);
    const b = instance(store, clock);

    await expect(a.model.generate(request)).rejects.toBeInstanceOf(ServerError);
    expect(a.circuits.state('openai:gpt-4o')).toBe('open');
    expect(b.circuits.state('openai:gpt-4o')).toBe('closed');

    await clock.advance(500);
    expect(b.circuits.state('openai:gpt-4o')).toBe('isolated');
    expect(b.shared.heldOpen()).toEqual(['openai:gpt-4o']);
    await expect(b.model.generate(request)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(b.failing.calls).toHaveLength(0);
    // The instance that saw the outage keeps its own breaker, not an isolation.
    expect(a.shared.heldOpen()).toEqual([]);

    await clock.advance(10_000);
    expect(b.circuits.state('openai:gpt-4o')).toBe('closed');
    expect([...(await store.openCircuits(clock.now()))]).toEqual([]);
    a.shared.stop();
    b.shared.stop();
  });

  it('clears the record when the instance that opened the circuit closes it after a good probe', async () => {
    const clock = new ManualClock();
    const { circuits: store } = createInMemoryGatewayState();
    const a = instance(store, clock);
    const b = instance(store, clock);
    await expect(a.model.generate(request)).rejects.toBeInstanceOf(ServerError);
    await clock.advance(500);
    expect(b.shared.heldOpen()).toEqual(['openai:gpt-4o']);
    // a's circuit closes, as after a successful probe (the event its breaker emits then):
    // the record goes, and b lets calls through again before the open time has passed.
    a.circuits.events.emit('circuitClose', {
      provider: 'openai',
      modelId: 'gpt-4o',
      key: 'openai:gpt-4o',
    });
    await clock.advance(500);
    expect(b.shared.heldOpen()).toEqual([]);
    expect(b.circuits.state('openai:gpt-4o')).toBe('closed');
    a.shared.stop();
    b.shared.stop();
  });
});
