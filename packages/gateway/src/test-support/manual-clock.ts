import type { GatewayClock, RepeatingTask } from '../circuits/gateway-clock.ts';

interface Scheduled {
  readonly intervalMs: number;
  readonly task: () => Promise<void>;
  readonly onError: (error: unknown) => void;
  next: number;
  stopped: boolean;
}

/** A clock the test moves: `advance(ms)` runs every repeating task that falls due, and waits for it. */
export class ManualClock implements GatewayClock {
  #now: number;
  readonly #tasks: Scheduled[] = [];

  constructor(start = Date.UTC(2026, 10, 26, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(
    intervalMs: number,
    task: () => Promise<void>,
    onError: (error: unknown) => void,
  ): RepeatingTask {
    const scheduled: Scheduled = {
      intervalMs,
      task,
      onError,
      next: this.#now + intervalMs,
      stopped: false,
    };
    this.#tasks.push(scheduled);
    return {
      stop: () => {
        scheduled.stopped = true;
      },
    };
  }

  /** Moves time forward by `ms`, running (and awaiting) each due task in time order. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#tasks
        .filter((task) => !task.stopped && task.next <= end)
        .sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      this.#now = due.next;
      due.next += due.intervalMs;
      await due.task().catch(due.onError);
    }
    this.#now = end;
  }
}
