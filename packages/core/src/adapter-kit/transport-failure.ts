// Failures the transport reported (fetch, or a read of a response body), told
// apart from failures of this adapter's own code or the SDK's: only the
// former may become a ConnectionError, which retries take for a network fault.

const failures = new WeakSet<object>();

/**
 * Marks `error` as reported by the transport and returns it (a thrown value
 * that is not an `Error` is wrapped in one first, as its `cause`).
 */
export function transportFailure(error: unknown): Error {
  const marked =
    error instanceof Error ? error : new Error('The transport failed.', { cause: error });
  failures.add(marked);
  return marked;
}

/** Whether `error` was marked by {@link transportFailure}. */
export function isTransportFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failures.has(error);
}
