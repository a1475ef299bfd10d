/**
 * Runs `work` with a signal that Ctrl-C (SIGINT) aborts, so a call in flight
 * stops cleanly (what arrived so far stays printed) instead of the process
 * dying mid-line. The handler is removed when `work` settles: a Ctrl-C
 * afterwards has its default effect.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
