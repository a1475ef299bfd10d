import { describe, expect, it } from 'vitest';
import { planRetryDelay, type RetryDelaySettings } from './plan-retry-delay.ts';

const settings = (random: number): RetryDelaySettings => ({
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  backoffFactor: 2,
  random: () => random,
});

describe('planRetryDelay', () => {
  it.each([
    // [failed attempt, random, expected]: cap = min(10 s, 500 × 2^(n−1)); cap/2 + random × cap/2
    [1, 0, 250],
    [1, 0.999, 500],
    [2, 0.5, 750],
    [3, 0.5, 1500],
    [5, 0, 4000],
    [6, 0, 5000], // capped at maxDelayMs: 10 s
    [20, 0.5, 7500],
  ])(
    'after failed attempt %i with jitter %d waits %i ms (no Retry-After)',
    (attempt, random, expected) => {
      expect(planRetryDelay(attempt, { retryAfterMs: undefined }, settings(random))).toBe(expected);
    },
  );

  it.each([
    // [retryAfterMs, random, expected]: retryAfterMs + random × clamp(retryAfterMs / 10, 50, 1000)
    [0, 0.5, 25],
    [300, 1, 350],
    [1500, 0, 1500],
    [1500, 0.5, 1575],
    [8000, 0.5, 8400],
    [30_000, 0.5, 30_500],
    [30_000, 0.999, 30_999],
  ])('honours Retry-After %i ms with jitter %d: waits %i ms', (retryAfterMs, random, expected) => {
    // The attempt number does not matter once the provider said how long to wait.
    expect(planRetryDelay(4, { retryAfterMs }, settings(random))).toBe(expected);
  });
});
