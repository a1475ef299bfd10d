import { AllAttemptsFailedError, type FailedAttempt, type LlmError } from '@org/llm-core';
import type { ModelRef } from '../events/resilience-events.ts';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error of a fallback or hedging layer whose every attempt failed: the
 * message lists each model and its error, and `retryAfterMs` is the soonest
 * any of them asked to wait.
 */
export function allAttemptsFailed(
  headline: string,
  primary: ModelRef,
  attempts: readonly FailedAttempt[],
): AllAttemptsFailedError {
  const lines = attempts.map(
    (attempt, index) =>
      `${index + 1}. ${attempt.provider}:${attempt.modelId}: ${describe(attempt.error)}`,
  );
  const waits = attempts
    .map((attempt) => (attempt.error as Partial<LlmError> | undefined)?.retryAfterMs)
    .filter((ms): ms is number => typeof ms === 'number');
  return new AllAttemptsFailedError(`${headline}:\n${lines.join('\n')}`, {
    provider: primary.provider,
    modelId: primary.modelId,
    attempts,
    retryAfterMs: waits.length === 0 ? undefined : Math.min(...waits),
  });
}
