/**
 * Resolves with the name of the first SIGINT or SIGTERM the process
 * receives: the long-running commands (`llm simulate`, `llm serve`) stop
 * cleanly on either (Ctrl-C at a terminal; `docker stop`, Kubernetes).
 */
export function untilShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
