/**
 * The cancellation and deadline of one call to the SDK, built to cost
 * nothing the bare SDK does not already pay:
 *
 * - a caller's abort signal is linked to a per-call `AbortController` whose
 *   signal goes to the SDK (the SDK then hangs its listener on that
 *   short-lived signal, never on the caller's, and the link is removed in
 *   {@link AnthropicCallControl.dispose}); without a caller signal nothing is
 *   passed, which spares the SDK its abort bookkeeping;
 * - the wait for response headers is bounded by the SDK's own timeout (the
 *   same `timeoutMs`);
 * - after the headers, {@link AnthropicCallControl.arm} bounds the rest: the
 *   body of a `generate()`, or each silence of a stream
 *   ({@link AnthropicCallControl.touch} marks life). When it expires it
 *   cancels the body or the SDK stream and the call rejects with the
 *   timeout error.
 */
export class AnthropicCallControl {
  readonly #controller: AbortController | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  readonly #startedAt = Date.now();
  readonly #timeoutMs: number;
  readonly #onTimeout: () => unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #allowanceMs = 0;
  #cancel: (() => void) | undefined;
  /** When the call last showed life (ms since the epoch); the timer checks it before firing. */
  #lastActivity = 0;
  #timeoutError: unknown;

  /**
   * @param callerSignal The request's abort signal.
   * @param timeoutMs The deadline the call must keep, see `AnthropicOptions.timeoutMs`.
   * @param onTimeout Builds the error the call rejects with when the deadline passes.
   */
  constructor(callerSignal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => unknown) {
    this.#callerSignal = callerSignal;
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    if (callerSignal !== undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      this.#onCallerAbort = () => {
        controller.abort(callerSignal.reason);
      };
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  /** The signal to hand to the SDK: `undefined` when the caller gave none. */
  get signal(): AbortSignal | undefined {
    return this.#controller?.signal;
  }

  /** Why the call must reject instead of going on: the caller's abort reason or the timeout error, if any. */
  get stopReason(): { readonly reason: unknown } | undefined {
    if (this.#callerSignal?.aborted === true)
      return { reason: this.#callerSignal.reason as unknown };
    if (this.#timeoutError !== undefined) return { reason: this.#timeoutError };
    return undefined;
  }

  /**
   * Starts the deadline of what follows the headers. `remaining` (default)
   * gives what is left of `timeoutMs` since the call began (a `generate()`
   * must complete within it); `idle` gives a fresh `timeoutMs` that each
   * {@link AnthropicCallControl.touch} renews (a stream must never go silent
   * for longer); a number gives exactly that many milliseconds. On expiry,
   * `cancel` stops the transfer.
   */
  arm(cancel: () => void, allowance: 'remaining' | 'idle' | number = 'remaining'): void {
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
   * Records that the call is alive (a stream event arrived), which pushes an
   * `idle` deadline back. Runs once per event, so it only stores the time:
   * the timer is re-armed when it comes due, not here.
   */
  touch(): void {
    this.#lastActivity = Date.now();
  }

  /** Stops the timer and the link to the caller's signal. Idempotent. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cancel = undefined;
    if (this.#onCallerAbort !== undefined) {
      this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
    }
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
    this.#timeoutError ??= this.#onTimeout();
    this.#cancel?.();
  };
}
