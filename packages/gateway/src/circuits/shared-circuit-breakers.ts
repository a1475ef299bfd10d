import type { CircuitBreakerRegistry, EventSubscription } from '@org/llm-resilience';
import type { CircuitStateStore } from '../state/gateway-state.ts';
import type { GatewayClock } from './gateway-clock.ts';

/** Options of {@link SharedCircuitBreakers}. */
export interface SharedCircuitBreakersOptions {
  /** This instance's circuit breakers (from `withResilience(...).circuits` or `new CircuitBreakerRegistry()`). */
  readonly registries: readonly CircuitBreakerRegistry[];
  /** Where instances record open circuits. */
  readonly store: CircuitStateStore;
  /** The clock (tests drive it by hand). */
  readonly clock: GatewayClock;
  /** How often to read the shared state, in milliseconds: the probe interval. */
  readonly intervalMs: number;
  /** Receives failures to reach the store; the local breakers keep working meanwhile. */
  readonly onError: (error: unknown) => void;
}

interface HeldOpen {
  readonly until: number;
  readonly subscriptions: readonly EventSubscription[];
}

/**
 * Shares circuit breaker state between gateway instances, with no change to
 * the breakers themselves: it listens to their events and drives them
 * through their public `isolate()`.
 *
 * - When a local circuit opens on its own (this instance saw the outage), its
 *   key is recorded in the store as open until `now + halfOpenAfterMs`.
 * - Every probe interval each instance reads the open circuits and holds the
 *   same keys open locally (isolated: calls fail fast with
 *   `CircuitOpenError`, so a fallback answers at once) until their time
 *   passes or the instance that opened them closes them after a successful
 *   probe. So an outage seen by one instance opens the circuit on every
 *   instance within one probe interval, and only the instance that saw it
 *   probes the provider.
 * - A local circuit that closes after its probe clears its record (unless
 *   another instance has opened it again since).
 */
export class SharedCircuitBreakers {
  readonly #options: SharedCircuitBreakersOptions;
  /** Circuits this instance opened itself and recorded, with the time recorded. */
  readonly #recorded = new Map<string, number>();
  /** Circuits held open here because another instance opened them. */
  readonly #held = new Map<string, HeldOpen>();
  /** The key being isolated or released by this class right now (its own events are not recorded). */
  #changing: string | undefined;
  readonly #listeners: EventSubscription[] = [];
  #task: { stop(): void } | undefined;

  constructor(options: SharedCircuitBreakersOptions) {
    this.#options = options;
  }

  /** Starts listening to the breakers and reading the store every interval. */
  start(): void {
    const { registries, clock, intervalMs, onError } = this.#options;
    for (const registry of registries) {
      this.#listeners.push(
        registry.events.onCircuitOpen((event) => {
          if (event.key === this.#changing || this.#held.has(event.key)) return;
          const until = Math.ceil(clock.now() + event.halfOpenAfterMs);
          this.#recorded.set(event.key, until);
          this.#options.store.open(event.key, until).catch(onError);
        }),
        registry.events.onCircuitClose((event) => {
          if (event.key === this.#changing) return;
          const until = this.#recorded.get(event.key);
          if (until === undefined) return;
          this.#recorded.delete(event.key);
          this.#options.store.close(event.key, until).catch(onError);
        }),
      );
    }
    this.#task = clock.every(intervalMs, () => this.sync(), onError);
  }

  /** Reads the shared state once and holds open (or releases) the circuits it names. */
  async sync(): Promise<void> {
    const open = await this.#options.store.openCircuits(this.#options.clock.now());
    for (const [key, until] of open) {
      if (this.#recorded.has(key)) continue; // this instance's own breaker holds it
      const held = this.#held.get(key);
      if (held !== undefined) {
        if (held.until !== until) this.#held.set(key, { ...held, until });
        continue;
      }
      this.#changing = key;
      try {
        const subscriptions = this.#options.registries.map((registry) => registry.isolate(key));
        this.#held.set(key, { until, subscriptions });
      } finally {
        this.#changing = undefined;
      }
    }
    for (const [key, held] of this.#held) {
      if (open.has(key)) continue;
      this.#release(key, held);
    }
  }

  #release(key: string, held: HeldOpen): void {
    this.#held.delete(key);
    this.#changing = key;
    try {
      for (const subscription of held.subscriptions) subscription.dispose();
    } finally {
      this.#changing = undefined;
    }
  }

  /** The keys held open here because another instance opened them. */
  heldOpen(): string[] {
    return [...this.#held.keys()];
  }

  /** Stops reading the store and listening, and releases every circuit it holds open. */
  stop(): void {
    this.#task?.stop();
    this.#task = undefined;
    for (const listener of this.#listeners.splice(0)) listener.dispose();
    for (const [key, held] of this.#held) this.#release(key, held);
  }
}
