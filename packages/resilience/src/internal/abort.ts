/**
 * The signal of one attempt: aborted by the caller's signal (with the
 * caller's reason) or by the attempt's own controller (a deadline, a lost
 * hedge). `AbortSignal.any` holds its sources weakly, so nothing needs
 * unlinking when the attempt ends.
 */
export function attemptSignal(
  caller: AbortSignal | undefined,
  controller: AbortController,
): AbortSignal {
  return caller === undefined ? controller.signal : AbortSignal.any([caller, controller.signal]);
}

/**
 * Waits `ms` milliseconds on one timer; rejects with the signal's reason as
 * soon as it aborts (and clears the timer, so nothing lingers).
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Swallows a promise's rejection: for work whose outcome nobody waits for (a lost hedge). */
export function ignoreRejection(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}

/**
 * Throws the signal's reason, unwrapped, when it has aborted. A function,
 * not an inline check, so the type checker does not carry a narrowing from
 * before an `await` past it.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw signal.reason;
}
