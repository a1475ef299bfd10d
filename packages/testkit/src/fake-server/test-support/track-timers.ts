// Tracks the timers that one source file creates, through spies on the
// global timer functions, so a test can prove that exactly those timers are
// cleared (other timers of the process, such as undici's, are ignored).
import { vi } from 'vitest';

/** Starts tracking; `live()` is how many timers created from `fileMarker` are still pending. */
export function trackTimers(fileMarker: string): { live: () => number } {
  const live = new Set<unknown>();
  const fromTracked = (): boolean => new Error().stack?.includes(fileMarker) ?? false;
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  const realClearTimeout = globalThis.clearTimeout;
  const realClearInterval = globalThis.clearInterval;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const tracked = fromTracked();
    const handle = realSetTimeout(
      (...callbackArgs: unknown[]) => {
        live.delete(handle);
        callback(...callbackArgs);
      },
      ms,
      ...args,
    );
    if (tracked) live.add(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle = realSetInterval(callback, ms, ...args);
    if (fromTracked()) live.add(handle);
    return handle;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    live.delete(handle);
    realClearTimeout(handle);
  });
  vi.spyOn(globalThis, 'clearInterval').mockImplementation((handle) => {
    live.delete(handle);
    realClearInterval(handle);
  });
  return { live: () => live.size };
}
