// A copy of @org/llm-openai-http's call-control.ts (STYLE.md, rule of three:
// a second adapter copies a helper; a third one hoists it into a shared module).

/**
 * The abort signal and timer of one HTTP call. One `AbortController` serves
 * both ends: the caller's signal aborts it with the caller's reason, the
 * timer with a `TimeoutError`, and whoever fired first decides what the call
 * rejects with ({@link CallControl.abortReason}). No `AbortSignal.any`, and
 * the listener on the caller's signal is removed in {@link CallControl.dispose}.
 */
export class CallControl {
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  readonly #onTimeout: () => unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param callerSignal The request's abort signal.
   * @param timeoutMs When the timer fires, unless {@link CallControl.touch} pushes it back.
   * @param onTimeout Builds the error the call rejects with when the timer fires.
   */
  constructor(callerSignal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => unknown) {
    this.#callerSignal = callerSignal;
    this.#onTimeout = onTimeout;
    if (callerSignal !== undefined) {
      this.#onCallerAbort = () => {
        this.#abort(callerSignal.reason);
      };
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    this.#timer = setTimeout(this.#fire, timeoutMs);
  }

  /** The signal to hand to the transport. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the call was aborted (by the caller or the timer). */
  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Why the call was aborted: the caller's reason or the timeout error. */
  get abortReason(): unknown {
    return this.#controller.signal.reason as unknown;
  }

  /** Restarts the timer (a stream received bytes: it is alive). */
  touch(): void {
    this.#timer?.refresh();
  }

  /** Replaces the timer with a shorter one (draining a finished stream's last bytes). */
  restartTimer(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#fire, ms);
  }

  /** Stops the timer and stops listening to the caller's signal. Idempotent. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onCallerAbort !== undefined)
      this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#abort(this.#onTimeout());
  };

  #abort(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }
}
