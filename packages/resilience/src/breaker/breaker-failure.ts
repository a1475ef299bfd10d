import { LlmError } from '@org/llm-core';

/**
 * What a circuit hands cockatiel for a failure that counts: the failure's
 * class, code and time, never the caller's error object. Cockatiel keeps the
 * last failure of each circuit (`lastFailure`) until the next one, and an
 * error's stack keeps alive the closures that awaited it: after a batch, a
 * kept error held megabytes of results.
 *
 * The error itself rides along only while its call is being recorded (the
 * `circuitOpen` event reports it), and is dropped by {@link takeError}.
 */
export class BreakerFailure {
  /** The failure's class name (`ServerError`, `TimeoutError`...). */
  readonly name: string;
  /** Its `LlmError` code, if it is one. */
  readonly code: string | undefined;
  /** When it was recorded, in milliseconds since the epoch. */
  readonly at: number;
  #error: unknown;

  constructor(error: unknown) {
    this.name = error instanceof Error ? error.name : typeof error;
    this.code = LlmError.isInstance(error) ? error.code : undefined;
    this.at = Date.now();
    this.#error = error;
  }

  /** The failure, while its call is being recorded; `undefined` once taken. */
  get error(): unknown {
    return this.#error;
  }

  /** Hands back the failure and forgets it. */
  takeError(): unknown {
    const error = this.#error;
    this.#error = undefined;
    return error;
  }
}

/**
 * A rejection on its way into cockatiel: a {@link BreakerFailure} when
 * `countsAsFailure` says the error counts (cockatiel handles only those), else
 * the error itself, which cockatiel passes through without keeping it.
 */
export function toBreakerRejection(
  error: unknown,
  countsAsFailure: (error: unknown) => boolean,
): unknown {
  return countsAsFailure(error) ? new BreakerFailure(error) : error;
}

/** A rejection on its way out of cockatiel: the caller's own error again. */
export function fromBreakerRejection(rejection: unknown): unknown {
  return rejection instanceof BreakerFailure ? rejection.takeError() : rejection;
}
