import {
  ConnectionError,
  OverloadedError,
  ServerError,
  StreamInterruptedError,
  TimeoutError,
} from '@org/llm-core';

/**
 * Whether a failure says the model is unhealthy, and so counts towards
 * opening its circuit: a server error, an overload, a timeout or a broken
 * connection (also when it broke a stream after its first content). A 400,
 * a 401, a rate limit or a content-filter block does not: the provider is up
 * and answering.
 */
export function countsAsBreakerFailure(error: unknown): boolean {
  const failure = StreamInterruptedError.isInstance(error) ? error.cause : error;
  return (
    ServerError.isInstance(failure) ||
    OverloadedError.isInstance(failure) ||
    TimeoutError.isInstance(failure) ||
    ConnectionError.isInstance(failure)
  );
}
