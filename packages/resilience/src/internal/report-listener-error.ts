/**
 * Reports an error thrown by an application's listener (an event hook, a
 * progress callback) as a process warning: visible in logs, yet it neither
 * breaks the call that emitted the event nor crashes the process.
 */
export function reportListenerError(error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.emitWarning(`A listener of @org/llm-resilience threw: ${detail}`, {
    type: 'ResilienceListenerError',
  });
}
