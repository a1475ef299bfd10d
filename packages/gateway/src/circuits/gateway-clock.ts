/** A repeating task started by {@link GatewayClock.every}. */
export interface RepeatingTask {
  /** Stops it; a run in progress finishes. */
  stop(): void;
}

/**
 * The gateway's time: rate limits and budgets read `now()`, the circuit sync
 * runs `every()` probe interval. Replace it in tests to drive time by hand
 * instead of sleeping.
 */
export interface GatewayClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` every `intervalMs`, never two runs at once; the task's errors go to `onError`. */
  every(
    intervalMs: number,
    task: () => Promise<void>,
    onError: (error: unknown) => void,
  ): RepeatingTask;
}

/** The real clock: `Date.now()` and an unreferenced `setInterval` (it never keeps the process alive). */
export const systemClock: GatewayClock = {
  now: () => Date.now(),
  every(intervalMs, task, onError) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      task()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return {
      stop: () => {
        clearInterval(timer);
      },
    };
  },
};
