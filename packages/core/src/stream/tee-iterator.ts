/**
 * Splits one async iterator into `count` independent ones. Each branch sees
 * every item in order; items wait in a branch's queue until it reads them,
 * so a branch that lags holds the difference in memory. The source is
 * closed once every branch has closed.
 */
export function teeIterator<T>(source: AsyncIterator<T>, count: number): AsyncIterator<T>[] {
  const queues: T[][] = Array.from({ length: count }, () => []);
  const closed: boolean[] = Array.from({ length: count }, () => false);
  let done = false;
  let failed = false;
  let error: unknown;
  let pending: Promise<void> | undefined;

  const pull = (): Promise<void> => {
    pending ??= source.next().then(
      (result) => {
        pending = undefined;
        if (result.done === true) done = true;
        else
          queues.forEach((queue, index) => {
            if (!closed[index]) queue.push(result.value);
          });
      },
      (reason: unknown) => {
        pending = undefined;
        failed = true;
        error = reason;
      },
    );
    return pending;
  };

  const branch = (index: number): AsyncIterator<T> => {
    const queue = queues[index]!;
    const next = async (): Promise<IteratorResult<T>> => {
      for (;;) {
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        if (failed) throw error;
        if (done || closed[index]) return { value: undefined, done: true };
        await pull();
      }
    };
    return {
      next,
      return: async (): Promise<IteratorResult<T>> => {
        closed[index] = true;
        queue.length = 0;
        if (closed.every(Boolean) && !done && !failed) {
          done = true;
          await source.return?.();
        }
        return { value: undefined, done: true };
      },
    };
  };

  return queues.map((_, index) => branch(index));
}
