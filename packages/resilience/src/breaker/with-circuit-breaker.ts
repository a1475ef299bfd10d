import {
  CircuitOpenError,
  type ChatModel,
  type ChatRequest,
  type ChatStream,
  type ChatStreamObserver,
  type ChatStreamOutcome,
} from '@org/llm-core';
import { BrokenCircuitError, CircuitState } from 'cockatiel';
import type { ModelRef, ResilienceEvents } from '../events/resilience-events.ts';
import { modelKey, modelRef } from '../internal/call-context.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { fromBreakerRejection, toBreakerRejection } from './breaker-failure.ts';
import {
  CircuitBreakerRegistry,
  getCircuit,
  reopensAt,
  type Circuit,
  type CircuitSettings,
} from './circuit-breaker-registry.ts';

/** Options of {@link withCircuitBreaker}. */
export type CircuitBreakerOptions = CircuitBreakerCallOptions &
  (
    | (CircuitSettings & { readonly circuits?: undefined })
    | {
        /** A registry to share (its settings and events apply). */
        readonly circuits: CircuitBreakerRegistry;
      }
  );

/** Per-decorator options of {@link withCircuitBreaker}. */
export interface CircuitBreakerCallOptions {
  /**
   * The circuit a call belongs to; default `provider:modelId` of the wrapped
   * model. Replace it to break per region, per tenant, or per routed model.
   */
  readonly key?: ((model: ModelRef, request: ChatRequest) => string) | undefined;
  /**
   * Whether a stream that fails after its commit point (a cut connection, an
   * idle timeout) counts as a failure of its circuit; default true. With
   * false a stream succeeds at its commit point.
   */
  readonly countStreamFailures?: boolean | undefined;
}

/** A model behind circuit breakers; `circuits` shows, isolates, exports and imports them. */
export interface CircuitBreakerChatModel extends ResilientChatModel {
  /** The circuits this model uses. */
  readonly circuits: CircuitBreakerRegistry;
}

function circuitOpenError(circuit: Circuit, probing: boolean): CircuitOpenError {
  const at = reopensAt(circuit);
  const retryAfterMs = probing || at === undefined ? undefined : Math.max(0, at - Date.now());
  const when = probing
    ? 'a probe call is testing it now'
    : retryAfterMs === undefined
      ? 'it is held open'
      : `calls fail fast for another ${(retryAfterMs / 1000).toFixed(1)}s`;
  return new CircuitOpenError(
    `The circuit for '${circuit.key}' is open after repeated server, overload, timeout or connection failures (${when}); the call was not sent. A fallback model can take over.`,
    {
      key: circuit.key,
      provider: circuit.model.provider,
      modelId: circuit.model.modelId,
      retryAfterMs,
    },
  );
}

// A call that started on a closed circuit runs outside cockatiel's execute
// (two async frames, with their promises, per call; for a stream, pending
// for as long as it is open) and its verdict is recorded when it is known,
// as execute's closed state would: a success on the circuit's counter, a
// failure through execute, which opens the circuit when it counts. Once the
// circuit has moved on (opened by other calls, probing), a verdict from
// before is stale and dropped: it must not reopen it or decide a probe.

function recordSuccess(circuit: Circuit): void {
  if (circuit.policy.state === CircuitState.Closed) circuit.breaker.success(CircuitState.Closed);
}

/** Records the failure, then rejects with the error itself. */
function recordFailure(circuit: Circuit, error: unknown): Promise<never> {
  if (circuit.policy.state !== CircuitState.Closed) return Promise.reject(error);
  const rejection = toBreakerRejection(error, circuit.countsAsFailure);
  return circuit.policy.execute(() => Promise.reject(rejection)).catch(rethrowCallerError);
}

const rethrowCallerError = (rejection: unknown): never => {
  throw fromBreakerRejection(rejection);
};

/**
 * Runs `call` for cockatiel's `execute`: a failure that counts reaches it as
 * a `BreakerFailure` record, so cockatiel never keeps the caller's error.
 */
function recorded<T>(circuit: Circuit, call: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.catch((error: unknown) =>
    Promise.reject(toBreakerRejection(error, circuit.countsAsFailure)),
  );
}

/** Runs a call on a closed circuit and records its verdict (the caller sees it after). */
function runClosed<T>(circuit: Circuit, call: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (value) => {
      recordSuccess(circuit);
      return value;
    },
    (error: unknown) => recordFailure(circuit, error),
  );
}

/**
 * Records how a stream that started on a closed circuit ended, as one call
 * of that circuit: all an open stream holds for its breaker is this object.
 */
class ClosedCircuitVerdict implements ChatStreamObserver {
  readonly #circuit: Circuit;

  constructor(circuit: Circuit) {
    this.#circuit = circuit;
  }

  onEnd(outcome: ChatStreamOutcome): void {
    if (outcome.ok) recordSuccess(this.#circuit);
    else recordFailure(this.#circuit, outcome.error).catch(ignore);
  }
}

const ignore = (): void => undefined;

/**
 * Settles when `stream` ends: resolves when it finished, rejects with the
 * error it ended with (a reader's cancel included). Only watches: the caller
 * still reads the stream.
 */
function endOf(stream: ChatStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.observe({
      onEnd: (outcome) => {
        if (outcome.ok) resolve();
        else reject(outcome.error);
      },
    });
  });
}

/**
 * Puts `model` behind a circuit breaker (cockatiel's `circuitBreaker`): after
 * enough server, overload, timeout or connection failures (a 400 or a 401
 * never counts) its circuit opens and calls fail at once with
 * `CircuitOpenError` (with `retryAfterMs` until the next probe), so a
 * fallback answers without waiting on a dead provider. After
 * `halfOpenAfterMs`, probe calls decide whether it closes again; other
 * calls keep failing fast meanwhile instead of queueing behind the probe.
 *
 * A stream's verdict is its end: one that breaks after its commit point
 * counts as a failure like one that never committed (unless
 * `countStreamFailures` is false, then the commit point is the verdict).
 * A half-open probe's verdict is its commit point, so a reader holding a
 * probe stream open cannot keep the circuit half-open.
 *
 * @example
 * const model = withCircuitBreaker(adapter, { mode: { type: 'consecutive', failures: 5 }, halfOpenAfterMs: 30_000 });
 */
export function withCircuitBreaker(
  model: ChatModel,
  options: CircuitBreakerOptions = {},
): CircuitBreakerChatModel {
  const circuits = options.circuits ?? new CircuitBreakerRegistry(options);
  const events: ResilienceEvents = circuits.events;
  const ref = modelRef(model);
  const defaultKey = modelKey(model);
  const keyOf = options.key;
  const countStreamFailures = options.countStreamFailures ?? true;

  const circuitFor = (request: ChatRequest): Circuit =>
    getCircuit(circuits, keyOf === undefined ? defaultKey : keyOf(ref, request), ref);

  /** Half-open with every probe already started: other calls fail fast meanwhile. */
  function probesBusy(circuit: Circuit): boolean {
    return (
      circuit.policy.state === CircuitState.HalfOpen && circuit.probesStarted >= circuit.probeCalls
    );
  }

  function callerError(circuit: Circuit, error: unknown): unknown {
    return error instanceof BrokenCircuitError ? circuitOpenError(circuit, false) : error;
  }

  function run<T>(circuit: Circuit, call: () => Promise<T>): Promise<T> {
    const { policy } = circuit;
    if (policy.state === CircuitState.Closed) return runClosed(circuit, call);
    if (probesBusy(circuit)) return Promise.reject(circuitOpenError(circuit, true));
    return policy
      .execute(() => {
        if (policy.state === CircuitState.HalfOpen) circuit.probesStarted++;
        return recorded(circuit, call);
      })
      .catch((error: unknown) => {
        throw callerError(circuit, fromBreakerRejection(error));
      });
  }

  function stream(request: ChatRequest): Promise<ChatStream> {
    const circuit = circuitFor(request);
    if (!countStreamFailures) return run(circuit, () => model.stream(request));
    const { policy } = circuit;
    if (policy.state === CircuitState.Closed) {
      // The usual case: its end is the verdict; a failure before the commit
      // point is recorded before the caller sees it.
      let opened: Promise<ChatStream>;
      try {
        opened = model.stream(request);
      } catch (error) {
        opened = Promise.reject(error);
      }
      return opened.then(
        (stream) => stream.observe(new ClosedCircuitVerdict(circuit)),
        (error: unknown) => recordFailure(circuit, error),
      );
    }
    if (probesBusy(circuit)) return Promise.reject(circuitOpenError(circuit, true));
    // Everything here lives as long as the stream is open: kept to a few promises.
    return new Promise<ChatStream>((resolve, reject) => {
      let opened: ChatStream | undefined;
      let delivered = false;
      policy
        .execute(() => {
          const probe = policy.state === CircuitState.HalfOpen;
          if (probe) circuit.probesStarted++;
          return recorded(circuit, () => model.stream(request)).then((stream) => {
            opened = stream;
            // A probe's verdict is its commit: waiting for the end would leave the
            // circuit half-open for as long as a reader keeps the stream open. It
            // is handed out once the breaker has recorded that verdict.
            if (probe) return undefined;
            // Otherwise the stream's end is the verdict, so a provider whose
            // streams keep breaking after their first token does open its circuit.
            delivered = true;
            resolve(stream);
            return recorded(circuit, () => endOf(stream));
          });
        })
        .then(
          () => {
            if (!delivered) resolve(opened!);
          },
          (error: unknown) => {
            const failure = fromBreakerRejection(error);
            if (!delivered) reject(callerError(circuit, failure));
          },
        );
    });
  }

  return decorateModel(
    model,
    events,
    { generate: (request) => run(circuitFor(request), () => model.generate(request)), stream },
    { circuits },
  );
}
