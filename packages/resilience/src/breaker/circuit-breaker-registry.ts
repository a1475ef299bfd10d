import { ConfigError } from '@org/llm-core';
import {
  CircuitState,
  ConsecutiveBreaker,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBreaker,
} from 'cockatiel';
import {
  ResilienceEvents,
  type EventSubscription,
  type ModelRef,
} from '../events/resilience-events.ts';
import { checkNumber } from '../internal/check-option.ts';
import { BreakerFailure } from './breaker-failure.ts';
import { countsAsBreakerFailure } from './counts-as-breaker-failure.ts';

/** When a circuit opens. */
export type BreakerMode =
  /** After `failures` counted failures in a row (default: 5). */
  | { readonly type: 'consecutive'; readonly failures: number }
  /**
   * When more than `threshold` (0 to 1) of the calls in the last
   * `durationMs` failed, once there is enough traffic: at least `minimumRps`
   * calls per second (default: enough for 5 failures per second).
   */
  | {
      readonly type: 'sampling';
      readonly threshold: number;
      readonly durationMs: number;
      readonly minimumRps?: number | undefined;
    };

/** A circuit's state. `isolated`: held open by hand with {@link CircuitBreakerRegistry.isolate}. */
export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/** Every circuit's state, as JSON, for another process or a later run. */
export interface CircuitBreakerSnapshot {
  /** Format version. */
  readonly version: 1;
  /** The breaker mode the states belong to; importing into another mode is refused. */
  readonly mode: BreakerMode['type'];
  /** Opaque state per key. */
  readonly circuits: Readonly<Record<string, unknown>>;
}

/** Settings shared by every circuit of a {@link CircuitBreakerRegistry}. */
export interface CircuitSettings {
  /** When a circuit opens; default `{ type: 'consecutive', failures: 5 }`. */
  readonly mode?: BreakerMode | undefined;
  /** How long an open circuit fails fast before letting probes through, in milliseconds; default 30,000. */
  readonly halfOpenAfterMs?: number | undefined;
  /**
   * Probes while half-open: `calls` probe calls are let through (default 1)
   * and the circuit opens again when more than `failureThreshold` (0 to 1,
   * default 0) of them fail. Other calls fail fast meanwhile.
   */
  readonly halfOpenProbes?:
    { readonly calls: number; readonly failureThreshold: number } | undefined;
  /** Which failures count; default {@link countsAsBreakerFailure} (server, overload, timeout, connection). */
  readonly countsAsFailure?: ((error: unknown) => boolean) | undefined;
  /** State to start from, from {@link CircuitBreakerRegistry.exportState}. */
  readonly initialState?: CircuitBreakerSnapshot | undefined;
  /** Where circuit events are emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** One key's breaker (internal: holds cockatiel's policy). */
export interface Circuit {
  readonly key: string;
  readonly model: ModelRef;
  readonly policy: CircuitBreakerPolicy;
  /** The counter the policy opens on: a closed circuit's successes are recorded here directly. */
  readonly breaker: IBreaker;
  readonly halfOpenAfterMs: number;
  readonly probeCalls: number;
  /** Which failures count (the registry's `countsAsFailure`). */
  readonly countsAsFailure: (error: unknown) => boolean;
  /** Probes started since the circuit last went half-open. */
  probesStarted: number;
}

const stateNames: Readonly<Record<CircuitState, CircuitStateName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

let circuitOf: (registry: CircuitBreakerRegistry, key: string, model: ModelRef) => Circuit;

/**
 * The circuit breakers of one or more models, one per key (by default
 * `provider:modelId`), built on cockatiel's `circuitBreaker`. Share one
 * registry between decorators to see and persist every circuit in one
 * place; `exportState()` / `initialState` let several processes or runs
 * share what they learned.
 */
export class CircuitBreakerRegistry {
  /** Where circuit events are emitted. */
  readonly events: ResilienceEvents;
  /** Which failures count. */
  readonly countsAsFailure: (error: unknown) => boolean;

  readonly #mode: BreakerMode;
  readonly #halfOpenAfterMs: number;
  readonly #probes: { readonly calls: number; readonly failureThreshold: number };
  readonly #circuits = new Map<string, Circuit>();
  #initial: Readonly<Record<string, unknown>>;

  static {
    circuitOf = (registry, key, model) => registry.#circuit(key, model);
  }

  constructor(settings: CircuitSettings = {}) {
    const mode = settings.mode ?? { type: 'consecutive', failures: 5 };
    if (mode.type === 'consecutive') {
      checkNumber(mode.failures, 'breaker failures', { min: 1, integer: true });
    } else {
      checkNumber(mode.threshold, 'breaker threshold', { min: 0, exclusiveMin: true });
      if (mode.threshold >= 1) {
        throw new ConfigError(
          `breaker threshold must be between 0 and 1 (a share of failed calls), got ${mode.threshold}.`,
        );
      }
      checkNumber(mode.durationMs, 'breaker durationMs', { min: 0, exclusiveMin: true });
      checkNumber(mode.minimumRps, 'breaker minimumRps', { min: 0, exclusiveMin: true });
    }
    checkNumber(settings.halfOpenAfterMs, 'breaker halfOpenAfterMs', { min: 0 });
    const probes = settings.halfOpenProbes ?? { calls: 1, failureThreshold: 0 };
    checkNumber(probes.calls, 'breaker halfOpenProbes.calls', { min: 1, integer: true });
    checkNumber(probes.failureThreshold, 'breaker halfOpenProbes.failureThreshold', { min: 0 });
    if (probes.failureThreshold >= 1) {
      throw new ConfigError(
        `breaker halfOpenProbes.failureThreshold must be below 1, got ${probes.failureThreshold}.`,
      );
    }
    this.#mode = mode;
    this.#halfOpenAfterMs = settings.halfOpenAfterMs ?? 30_000;
    this.#probes = probes;
    this.events = settings.events ?? new ResilienceEvents();
    this.countsAsFailure = settings.countsAsFailure ?? countsAsBreakerFailure;
    this.#initial = this.#checkSnapshot(settings.initialState);
    for (const key of Object.keys(this.#initial)) this.#circuit(key, parseKey(key));
  }

  /** The state of the circuit under `key`; `closed` for a key never used. */
  state(key: string): CircuitStateName {
    const circuit = this.#circuits.get(key);
    return circuit === undefined ? 'closed' : stateNames[circuit.policy.state];
  }

  /** Keys of every circuit used so far. */
  keys(): string[] {
    return [...this.#circuits.keys()];
  }

  /**
   * Holds the circuit under `key` open (calls fail with `CircuitOpenError`)
   * until the returned subscription is disposed, e.g. during a known outage.
   */
  isolate(key: string, model: ModelRef = parseKey(key)): EventSubscription {
    const handle = this.#circuit(key, model).policy.isolate();
    const dispose = (): void => {
      handle.dispose();
    };
    return { dispose, [Symbol.dispose]: dispose };
  }

  /** Every circuit's state as JSON (open circuits stay open, half-open ones come back open). */
  exportState(): CircuitBreakerSnapshot {
    const circuits: Record<string, unknown> = { ...this.#initial };
    for (const [key, circuit] of this.#circuits) circuits[key] = circuit.policy.toJSON();
    return { version: 1, mode: this.#mode.type, circuits };
  }

  /** Replaces the circuits' states with a snapshot's (circuits it does not name are reset). */
  importState(snapshot: CircuitBreakerSnapshot): void {
    this.#initial = this.#checkSnapshot(snapshot);
    const models = new Map<string, ModelRef>();
    for (const [key, circuit] of this.#circuits) models.set(key, circuit.model);
    this.#circuits.clear();
    for (const key of Object.keys(this.#initial))
      this.#circuit(key, models.get(key) ?? parseKey(key));
  }

  #checkSnapshot(snapshot: CircuitBreakerSnapshot | undefined): Readonly<Record<string, unknown>> {
    if (snapshot === undefined) return {};
    if ((snapshot.version as number) !== 1 || typeof snapshot.circuits !== 'object') {
      throw new ConfigError(
        'The circuit breaker snapshot is not one exportState() produced (version 1 expected).',
      );
    }
    if (snapshot.mode !== this.#mode.type) {
      throw new ConfigError(
        `The circuit breaker snapshot was taken in '${snapshot.mode}' mode but this registry uses '${this.#mode.type}': start without it or use the same mode.`,
      );
    }
    return snapshot.circuits;
  }

  #breaker(): IBreaker {
    const mode = this.#mode;
    return mode.type === 'consecutive'
      ? new ConsecutiveBreaker(mode.failures)
      : new SamplingBreaker({
          threshold: mode.threshold,
          duration: mode.durationMs,
          ...(mode.minimumRps === undefined ? {} : { minimumRps: mode.minimumRps }),
        });
  }

  #circuit(key: string, model: ModelRef): Circuit {
    const existing = this.#circuits.get(key);
    if (existing !== undefined) return existing;
    const breaker = this.#breaker();
    // Cockatiel sees only BreakerFailure records (class, code, time), made for
    // the failures that count; it keeps the last one, never a caller's error.
    const policy = circuitBreaker(handleWhen(isBreakerFailure), {
      halfOpenAfter: this.#halfOpenAfterMs,
      breaker,
      halfOpenSampling: { calls: this.#probes.calls, threshold: this.#probes.failureThreshold },
      initialState: this.#initial[key],
    });
    const circuit: Circuit = {
      key,
      model,
      policy,
      breaker,
      halfOpenAfterMs: this.#halfOpenAfterMs,
      probeCalls: this.#probes.calls,
      countsAsFailure: this.countsAsFailure,
      probesStarted: 0,
    };
    const { events } = this;
    policy.onBreak((reason) => {
      circuit.probesStarted = 0;
      const failure = 'error' in reason ? reason.error : reason;
      events.emit('circuitOpen', {
        ...model,
        key,
        // Called while the failing call is recorded, so its error is still at hand.
        error: failure instanceof BreakerFailure ? failure.error : failure,
        halfOpenAfterMs: this.#halfOpenAfterMs,
      });
    });
    policy.onHalfOpen(() => {
      circuit.probesStarted = 0;
      events.emit('circuitHalfOpen', { ...model, key });
    });
    policy.onReset(() => {
      circuit.probesStarted = 0;
      events.emit('circuitClose', { ...model, key });
    });
    this.#circuits.set(key, circuit);
    return circuit;
  }
}

const isBreakerFailure = (error: unknown): boolean => error instanceof BreakerFailure;

function parseKey(key: string): ModelRef {
  const colon = key.indexOf(':');
  return colon === -1
    ? { provider: key, modelId: key }
    : { provider: key.slice(0, colon), modelId: key.slice(colon + 1) };
}

/** The circuit under `key`, created on first use (internal to this package). */
export function getCircuit(
  registry: CircuitBreakerRegistry,
  key: string,
  model: ModelRef,
): Circuit {
  return circuitOf(registry, key, model);
}

/** When an open circuit lets probes through again, in ms since the epoch (cockatiel uses `Date.now()`). */
export function reopensAt(circuit: Circuit): number | undefined {
  const own = (circuit.policy.toJSON() as { readonly ownState?: { readonly openedAt?: unknown } })
    .ownState;
  return typeof own?.openedAt === 'number' ? own.openedAt + circuit.halfOpenAfterMs : undefined;
}
