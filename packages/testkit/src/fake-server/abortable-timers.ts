// Timers of the fake server. They use the global setTimeout/setInterval at
// call time (not node:timers/promises) so that tests with fake timers control
// stalls, and every timer is cleared as soon as the response is aborted
// (client gone or server closed): a stalled stream never keeps a process alive.

/** How many delays of one server are under way (its `paused` count). */
export interface PauseCount {
  count: number;
}

/**
 * Resolves `true` after `ms`, or `false` as soon as `signal` aborts; both
 * timers are cleared either way. With `tick`, calls `tick.run` every `tick.everyMs` in the
 * meantime, but never at the very end: the end timer is set first and stops
 * the ticks synchronously, so a tick falling due at the same time is dropped.
 * `pauses` counts the delay while it runs (from the moment its timer is set
 * to the moment it ends, both synchronous).
 */
export function delay(
  ms: number,
  signal: AbortSignal,
  tick?: { readonly everyMs: number; readonly run: () => void },
  pauses?: PauseCount,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (elapsed: boolean): void => {
      clearTimeout(timer);
      clearInterval(ticks);
      signal.removeEventListener('abort', onAbort);
      if (pauses !== undefined) pauses.count--;
      resolve(elapsed);
    };
    const onAbort = (): void => {
      finish(false);
    };
    const timer = setTimeout(finish, ms, true);
    const ticks = tick === undefined ? undefined : setInterval(tick.run, tick.everyMs);
    signal.addEventListener('abort', onAbort, { once: true });
    if (pauses !== undefined) pauses.count++;
  });
}
