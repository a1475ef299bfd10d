import { describe, expect, it } from 'vitest';
import { computeCost } from './model-pricing.ts';
import { createUsage } from './usage.ts';

describe('computeCost', () => {
  const pricing = {
    inputPerMillion: 3,
    outputPerMillion: 15,
    cacheReadPerMillion: 0.3,
    cacheWritePerMillion: 3.75,
  };

  it('bills cache reads and writes apart from plain input, and reasoning at the output price', () => {
    const cost = computeCost(
      createUsage({
        inputTokens: 1_000_000,
        cacheReadTokens: 200_000,
        cacheWriteTokens: 100_000,
        outputTokens: 500_000,
        reasoningTokens: 100_000,
      }),
      pricing,
    );
    expect(cost).toBeDefined();
    expect(cost!.input).toBeCloseTo(2.1);
    expect(cost!.cachedInput).toBeCloseTo(0.06);
    expect(cost!.cacheWrite).toBeCloseTo(0.375);
    expect(cost!.output).toBeCloseTo(6);
    expect(cost!.reasoning).toBeCloseTo(1.5);
    expect(cost!.total).toBeCloseTo(2.1 + 0.06 + 0.375 + 6 + 1.5);
  });

  it('uses the plain prices where no cache or reasoning price is published', () => {
    const cost = computeCost(
      createUsage({ inputTokens: 2000, cacheReadTokens: 1000, outputTokens: 10 }),
      { inputPerMillion: 1, outputPerMillion: 2 },
    );
    expect(cost!.total).toBeCloseTo((2000 * 1 + 10 * 2) / 1_000_000);
  });

  it('is undefined without a price or without any count', () => {
    expect(computeCost(createUsage({ inputTokens: 1 }), undefined)).toBeUndefined();
    expect(computeCost(createUsage(), pricing)).toBeUndefined();
    expect(computeCost(undefined, pricing)).toBeUndefined();
  });
});
