/** How long {@link CallControl.arm} gives the call: see there. */
export type CallAllowance = 'remaining' | 'idle' | number;

/**
 * The cancellation and deadline of one provider call, shared by the
 * adapters so that every one of them times out, aborts and reports both the
 * same way:
 *
 * - The caller's abort signal and the deadline end the call; whichever
 *   fires first decides what it rejects with ({@link CallControl.stopReason}):
 *   the caller's own reason, unwrapped, or the timeout error `onTimeout`
 *   builds.
 * - {@link CallControl.signal} is a per-call signal that both abort (for a
 *   transport that must be cancelled by the deadline too). The listener on
 *   the caller's signal is removed in {@link CallControl.dispose}, so a
 *   long-lived caller signal does not collect one per call, and no
 *   `AbortSignal.any` is used.
 * - {@link CallControl.optionalSignal} is that signal only when the caller
 *   gave one, for an SDK that runs its own timer: given no signal, it skips
 *   its abort bookkeeping.
 * - The deadline starts when {@link CallControl.arm} is called (an SDK's own
 *   timeout may bound the wait for headers before that), and
 *   {@link CallControl.touch} marks life for an idle deadline at the cost of
 *   storing a time: the timer is re-armed when it comes due, not per event.
 *   Timers never keep the process alive on their own.
 */
export class CallControl {
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  readonly #timeoutMs: number;
  readonly #onTimeout: () => unknown;
  readonly #startedAt = Date.now();
  #controller: AbortController | undefined;
  #stop: { readonly reason: unknown } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #allowanceMs = 0;
  #cancel: (() => void) | undefined;
  /** When the call last showed life (ms since the epoch); 0 when not since the deadline was armed. */
  #lastActivity = 0;

  /**
   * @param callerSignal The request's abort signal.
   * @param timeoutMs The deadline the call keeps, in milliseconds (see {@link CallControl.arm}).
   * @param onTimeout Builds the error the call rejects with when the deadline passes.
   */
  constructor(callerSignal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => unknown) {
    this.#callerSignal = callerSignal;
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    if (callerSignal !== undefined) {
      this.#controller = new AbortController();
      this.#onCallerAbort = () => {
        this.#stopWith(callerSignal.reason);
      };
      // A signal that fired while the request was being prepared fires no event again.
      if (callerSignal.aborted) this.#onCallerAbort();
      else callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  /**
   * A signal for this call alone: aborted when the caller aborts (with the
   * caller's reason) or the deadline passes (with the timeout error).
   * Created on first use when the caller gave no signal.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#stop !== undefined) this.#controller.abort(this.#stop.reason);
    }
    return this.#controller.signal;
  }

  /** {@link CallControl.signal} when the caller gave a signal (or it was already used), else `undefined`. */
  get optionalSignal(): AbortSignal | undefined {
    return this.#controller?.signal;
  }

  /**
   * Why the call must reject instead of going on, if it must: the caller's
   * abort reason or the timeout error, whichever came first. A caller's
   * abort is seen even after {@link CallControl.dispose}.
   */
  get stopReason(): { readonly reason: unknown } | undefined {
    if (this.#stop !== undefined) return this.#stop;
    const caller = this.#callerSignal;
    return caller?.aborted === true ? { reason: caller.reason as unknown } : undefined;
  }

  /**
   * Starts (or restarts) the deadline. `remaining` gives what is left of
   * `timeoutMs` since the call began (a whole answer must arrive within
   * it); `idle` gives a fresh `timeoutMs` that each
   * {@link CallControl.touch} renews (a stream must never go silent for
   * longer); a number gives exactly that many milliseconds. On expiry the
   * call stops with the timeout error: {@link CallControl.signal} aborts and
   * `cancel`, if given, stops the transfer (a body reader, an SDK request).
   */
  arm(allowance: CallAllowance, cancel?: () => void): void {
    clearTimeout(this.#timer);
    this.#cancel = cancel;
    this.#lastActivity = 0;
    this.#allowanceMs =
      allowance === 'remaining'
        ? Math.max(1, this.#timeoutMs - (Date.now() - this.#startedAt))
        : allowance === 'idle'
          ? this.#timeoutMs
          : allowance;
    this.#timer = setTimeout(this.#fire, this.#allowanceMs);
    // A deadline never keeps the process alive by itself; the request it guards does while it runs.
    this.#timer.unref();
  }

  /**
   * Records that the call is alive (bytes or an event arrived), which pushes
   * an `idle` deadline back. Cheap enough to call per event: it stores the time.
   */
  touch(): void {
    this.#lastActivity = Date.now();
  }

  /** Stops the timer and the link to the caller's signal. Idempotent. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cancel = undefined;
    if (this.#onCallerAbort !== undefined)
      this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  readonly #fire = (): void => {
    const quietFor = this.#lastActivity === 0 ? this.#allowanceMs : Date.now() - this.#lastActivity;
    if (quietFor < this.#allowanceMs) {
      // Something arrived since the timer was armed: wait for the rest of the allowance.
      this.#timer = setTimeout(this.#fire, this.#allowanceMs - quietFor);
      this.#timer.unref();
      return;
    }
    this.#timer = undefined;
    const cancel = this.#cancel;
    this.#cancel = undefined;
    if (this.#stop === undefined) this.#stopWith(this.#onTimeout());
    cancel?.();
  };

  #stopWith(reason: unknown): void {
    this.#stop ??= { reason };
    const controller = this.#controller;
    if (controller !== undefined && !controller.signal.aborted) controller.abort(this.#stop.reason);
  }
}
