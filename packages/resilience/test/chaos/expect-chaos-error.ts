// The one check of "the fault was classified as the table says", shared by
// the model-level and the wire-level chaos suites.
import {
  ConnectionError,
  LlmError,
  OverloadedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '@org/llm-core';
import { expect } from 'vitest';
import type { ChaosError, ChaosErrorName } from './chaos-outcomes.ts';

const classes: Readonly<Record<ChaosErrorName, { isInstance(value: unknown): boolean }>> = {
  RateLimitError,
  ServerError,
  OverloadedError,
  ConnectionError,
  TimeoutError,
  ResponseValidationError,
};

/** The facts of an error the table states, in the table's shape. */
function factsOf(error: LlmError): ChaosError {
  return {
    name: error.name as ChaosErrorName,
    isRetryable: error.isRetryable,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(RateLimitError.isInstance(error) ? { kind: error.kind } : {}),
    ...(TimeoutError.isInstance(error) ? { phase: error.phase as ChaosError['phase'] } : {}),
  };
}

/**
 * Asserts that `actual` is the table's `expected` error: its exact class (the
 * brand and the name, so a subclass does not pass for its parent),
 * `isRetryable`, `retryAfterMs`, and the `kind` or `phase` of rate-limit and
 * timeout errors.
 */
export function expectChaosError(actual: unknown, expected: ChaosError, where: string): void {
  if (!LlmError.isInstance(actual)) {
    throw new Error(`${where}: expected ${expected.name}, got a non-LlmError: ${String(actual)}`);
  }
  expect(
    classes[expected.name].isInstance(actual),
    `${where}: ${actual.name} is not a ${expected.name}`,
  ).toBe(true);
  expect(factsOf(actual), `${where}: ${actual.message}`).toEqual(expected);
}
