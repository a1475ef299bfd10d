import { TimeoutError, type ChatStreamObserver, type TimeoutPhase } from '@org/llm-core';
import type { CallContext, ResilienceEvents } from '../events/resilience-events.ts';
import { attemptSignal } from '../internal/abort.ts';

/** The per-attempt deadlines, in milliseconds; each one optional. */
export interface AttemptDeadlines {
  readonly attemptMs: number | undefined;
  readonly firstContentMs: number | undefined;
  readonly idleMs: number | undefined;
}

const describePhase: Readonly<Record<TimeoutPhase, string>> = {
  'first-content': 'sent no content',
  idle: 'sent nothing',
  attempt: 'did not finish',
  request: 'did not answer',
  total: 'did not finish',
};

const optionName: Readonly<Record<TimeoutPhase, string>> = {
  'first-content': 'firstContentMs',
  idle: 'idleMs',
  attempt: 'attemptMs',
  request: 'the adapter timeout',
  total: 'deadlineMs',
};

/**
 * The deadlines of one attempt on a single timer. Reads only stamp the
 * time; the timer, when it fires, works out which deadline is really due
 * and re-arms itself for the next one, so a fast stream costs one
 * `performance.now()` per part and no timer operations.
 *
 * Expiry aborts this attempt only (its own controller, linked to the
 * caller's signal), with a retryable `TimeoutError` naming the phase.
 * After the commit point it watches the stream as a
 * {@link ChatStreamObserver}: reads run the idle clock, the end stops it.
 */
export class AttemptClock implements ChatStreamObserver {
  /** The signal the attempt runs under: the caller's, or this clock's expiry. */
  readonly signal: AbortSignal;
  /** Called once when a deadline expires (rejects the pending call before its commit point). */
  onExpire: ((error: TimeoutError) => void) | undefined;

  readonly #deadlines: AttemptDeadlines;
  readonly #controller = new AbortController();
  readonly #context: CallContext;
  readonly #events: ResilienceEvents;
  readonly #attemptAt: number;
  readonly #firstContentAt: number;
  #committed = false;
  #reading = false;
  #readStartedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Number.POSITIVE_INFINITY;
  #closed = false;
  #expired: TimeoutError | undefined;

  constructor(
    deadlines: AttemptDeadlines,
    caller: AbortSignal | undefined,
    context: CallContext,
    events: ResilienceEvents,
  ) {
    this.#deadlines = deadlines;
    this.#context = context;
    this.#events = events;
    this.signal = attemptSignal(caller, this.#controller);
    const now = performance.now();
    this.#attemptAt =
      deadlines.attemptMs === undefined ? Number.POSITIVE_INFINITY : now + deadlines.attemptMs;
    this.#firstContentAt =
      deadlines.firstContentMs === undefined
        ? Number.POSITIVE_INFINITY
        : now + deadlines.firstContentMs;
    this.#arm();
  }

  /** The error of the deadline that expired, if one did. */
  get expired(): TimeoutError | undefined {
    return this.#expired;
  }

  /** Whether a deadline still applies after the commit point (then the stream is observed). */
  get watchesAfterCommit(): boolean {
    return this.#deadlines.idleMs !== undefined || this.#deadlines.attemptMs !== undefined;
  }

  /** The stream committed: `firstContentMs` is met; `idleMs` starts to apply to reads. */
  commit(): void {
    this.#committed = true;
    // The call has resolved; an expiry from now on ends the stream instead.
    this.onExpire = undefined;
    if (!this.watchesAfterCommit) this.close();
  }

  /** The reader waits for a part: the idle deadline runs from now. */
  onReadStart(): void {
    const idleMs = this.#deadlines.idleMs;
    if (this.#closed || idleMs === undefined) return;
    this.#reading = true;
    const now = performance.now();
    this.#readStartedAt = now;
    // A timer armed to fire before this read's idle deadline is kept: on firing it re-checks.
    if (now + idleMs < this.#armedAt) this.#arm();
  }

  /** The read ended: a slow reader is not the provider's idleness. */
  onReadEnd(): void {
    this.#reading = false;
  }

  /** The stream ended (finished, failed, or its reader stopped). */
  onEnd(): void {
    this.close();
  }

  /** The attempt is over: stops the timer. */
  close(): void {
    this.#closed = true;
    this.#disarm();
  }

  #next(): { readonly at: number; readonly phase: TimeoutPhase } {
    let at = this.#attemptAt;
    let phase: TimeoutPhase = 'attempt';
    if (!this.#committed) {
      if (this.#firstContentAt < at) {
        at = this.#firstContentAt;
        phase = 'first-content';
      }
    } else if (this.#reading && this.#deadlines.idleMs !== undefined) {
      const idleAt = this.#readStartedAt + this.#deadlines.idleMs;
      if (idleAt < at) {
        at = idleAt;
        phase = 'idle';
      }
    }
    return { at, phase };
  }

  #arm(): void {
    if (this.#closed) return;
    const { at } = this.#next();
    // An armed timer that fires no later than needed is kept: on firing it re-checks.
    if (at >= this.#armedAt || at === Number.POSITIVE_INFINITY) return;
    this.#disarm();
    this.#armedAt = at;
    this.#timer = setTimeout(this.#fire, Math.max(0, Math.ceil(at - performance.now())));
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    if (this.#closed) return;
    const { at, phase } = this.#next();
    if (at <= performance.now()) this.#expire(phase);
    else this.#arm();
  };

  #expire(phase: TimeoutPhase): void {
    const timeoutMs =
      phase === 'first-content'
        ? this.#deadlines.firstContentMs!
        : phase === 'idle'
          ? this.#deadlines.idleMs!
          : this.#deadlines.attemptMs!;
    const { provider, modelId } = this.#context;
    const error = new TimeoutError(
      `${provider}:${modelId} ${describePhase[phase]} within ${timeoutMs}ms (${optionName[phase]}); the attempt was aborted.${this.#committed ? '' : ' A retry or fallback may take over.'}`,
      { provider, modelId, phase, timeoutMs },
    );
    this.#expired = error;
    this.close();
    if (this.#events.has('timeout')) {
      this.#events.emit('timeout', {
        ...this.#context,
        phase,
        timeoutMs,
        afterCommit: this.#committed,
      });
    }
    this.#controller.abort(error);
    this.onExpire?.(error);
  }
}
