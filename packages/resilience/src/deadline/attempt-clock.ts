import {
  TimeoutError,
  type ChatModel,
  type ChatRequest,
  type ChatStreamObserver,
  type TimeoutPhase,
} from '@org/llm-core';
import type { CallContext, ResilienceEvents } from '../events/resilience-events.ts';

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

/** Fires a clock's timer (one function for every clock: no closure per attempt). */
function fire(clock: AttemptClock): void {
  clock.fire();
}

/**
 * The deadlines of one attempt on a single timer. Waits for the provider
 * only stamp the time; the timer, when it fires, works out which deadline
 * is really due and re-arms itself for the next one, so a fast stream
 * costs one `performance.now()` per network read, nothing per part, and
 * no timer operations.
 *
 * Expiry aborts this attempt only (its own controller, which the caller's
 * signal also aborts), with a retryable `TimeoutError` naming the phase.
 * After the commit point it watches the stream as a
 * {@link ChatStreamObserver}: waits for the provider run the idle clock,
 * the end stops it.
 */
export class AttemptClock implements ChatStreamObserver {
  /** The signal the attempt runs under: aborted by the caller's signal or by this clock's expiry. */
  readonly signal: AbortSignal;
  /** Called once when a deadline expires (rejects the pending call before its commit point). */
  onExpire: ((error: TimeoutError) => void) | undefined;

  readonly #deadlines: AttemptDeadlines;
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #model: ChatModel;
  readonly #operation: CallContext['operation'];
  readonly #metadata: ChatRequest['metadata'];
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

  /**
   * @param model The model the attempt calls (names it in errors and events).
   * @param request The attempt's request: its signal is the caller's, its metadata goes to events.
   */
  constructor(
    deadlines: AttemptDeadlines,
    model: ChatModel,
    operation: CallContext['operation'],
    request: ChatRequest,
    events: ResilienceEvents,
  ) {
    this.#deadlines = deadlines;
    this.#model = model;
    this.#operation = operation;
    this.#metadata = request.metadata;
    this.#events = events;
    this.signal = this.#controller.signal;
    // A listener rather than AbortSignal.any: lighter to create and to hold
    // for as long as the stream is open; close() removes it.
    const caller = request.abortSignal;
    if (caller !== undefined) {
      this.#caller = caller;
      caller.addEventListener('abort', this, { once: true });
    }
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

  /**
   * The caller's signal aborted: so does the attempt, with the caller's
   * reason (the clock is the listener itself, so it needs no closure).
   */
  handleEvent(): void {
    this.#controller.abort(this.#caller!.reason);
  }

  /** The reader waits for the provider: the idle deadline runs from now. */
  onWaitStart(): void {
    const idleMs = this.#deadlines.idleMs;
    if (this.#closed || idleMs === undefined) return;
    this.#reading = true;
    const now = performance.now();
    this.#readStartedAt = now;
    // A timer armed to fire before this read's idle deadline is kept: on firing it re-checks.
    if (now + idleMs < this.#armedAt) this.#arm();
  }

  /** The provider answered the read: a slow reader is not the provider's idleness. */
  onWaitEnd(): void {
    this.#reading = false;
  }

  /** The stream ended (finished, failed, or its reader stopped). */
  onEnd(): void {
    this.close();
  }

  /** The attempt is over: stops the timer and unlinks the caller's signal. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarm();
    this.#caller?.removeEventListener('abort', this);
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
    this.#timer = setTimeout(fire, Math.max(0, Math.ceil(at - performance.now())), this);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  /** The timer fired: expires the deadline that is due, or re-arms for the next one. */
  fire(): void {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    if (this.#closed) return;
    const { at, phase } = this.#next();
    if (at <= performance.now()) this.#expire(phase);
    else this.#arm();
  }

  #expire(phase: TimeoutPhase): void {
    const timeoutMs =
      phase === 'first-content'
        ? this.#deadlines.firstContentMs!
        : phase === 'idle'
          ? this.#deadlines.idleMs!
          : this.#deadlines.attemptMs!;
    const { provider, modelId } = this.#model;
    const error = new TimeoutError(
      `${provider}:${modelId} ${describePhase[phase]} within ${timeoutMs}ms (${optionName[phase]}); the attempt was aborted.${this.#committed ? '' : ' A retry or fallback may take over.'}`,
      { provider, modelId, phase, timeoutMs },
    );
    this.#expired = error;
    this.close();
    if (this.#events.has('timeout')) {
      this.#events.emit('timeout', {
        provider,
        modelId,
        operation: this.#operation,
        metadata: this.#metadata,
        phase,
        timeoutMs,
        afterCommit: this.#committed,
      });
    }
    this.#controller.abort(error);
    this.onExpire?.(error);
  }
}
