import type { ChatModel } from '@org/llm-core';
import { withDeadline, withRetry, type ResilientChatModel } from '@org/llm-resilience';

/** Retries over per-attempt deadlines, composed by hand; `withResilience` does the same. */
export function retried(adapter: ChatModel): ResilientChatModel {
  const attempts = withDeadline(adapter, { firstContentMs: 20_000, idleMs: 15_000 });
  const model = withRetry(attempts, {
    maxAttempts: 4,
    deadlineMs: 90_000,
    maxRetryAfterMs: 30_000,
    // Never retry a timed-out call that may have run tools with side effects.
    shouldRetry: (error, { metadata }) =>
      !(error.code === 'timeout' && metadata?.sideEffects === true),
  });
  model.events.onRetry(({ attempt, delayMs, retryAfterMs, error }) => {
    console.warn(`attempt ${attempt} failed (${error.code}); next in ${delayMs} ms`, {
      retryAfterMs,
    });
  });
  model.events.onGiveUp(({ attempts, reason }) => {
    console.error(`gave up after ${attempts} attempts: ${reason}`);
  });
  return model;
}
