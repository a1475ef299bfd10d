// A faked clock for tests that talk to the fake server over real sockets, and
// waits on events instead of durations. See docs/decisions/0009-tests-under-load.md.
import { vi } from 'vitest';

/** The real clock, read before any test fakes `performance`. */
const realNow = performance.now.bind(performance);

/** How long {@link eventually} waits before it fails: a hang guard, below the 30 s test timeout. */
const hangGuardMs = 20_000;

/**
 * Fakes the clock of a wire test: `setTimeout`, `setInterval`, `Date` and
 * `performance`, which the fake server's stalls, pings and pacing, the
 * adapters' `timeoutMs`, the SDKs' timers and the resilience layers'
 * deadlines and sleeps all read. Sockets stay real. Time then passes only
 * when the test moves it (`vi.advanceTimersByTimeAsync(ms)`), which it does
 * once it has seen, as an event, what must come first (the request at the
 * server, the text before a stall): a loaded machine changes how long the
 * test takes, never what it sees. Dispose of the result (`using clock =
 * fakeWireClock()`) to get the real clock back.
 */
export function fakeWireClock(): Disposable {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
  return {
    [Symbol.dispose]: () => {
      vi.useRealTimers();
    },
  };
}

/**
 * Resolves once `condition()` holds, checking it on every turn of the event
 * loop (`setImmediate`, which fake timers leave alone), so a test waits for
 * an event, not for a duration. The real-time limit is no margin of the
 * test: it only turns a hang into a failure that names what never happened,
 * with `state()` when given, before the test's own timeout.
 */
export async function eventually(
  condition: () => boolean,
  what: string,
  state?: () => string,
): Promise<void> {
  const start = realNow();
  while (!condition()) {
    if (realNow() - start > hangGuardMs) {
      const seen = state === undefined ? '' : ` ${state()}`;
      throw new Error(`Never saw ${what} (waited ${hangGuardMs} ms of real time).${seen}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Lets everything that JavaScript alone has queued run (promise jobs,
 * `nextTick`, `setImmediate`; no I/O, no time), so that a test can check
 * that something did not happen.
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}
