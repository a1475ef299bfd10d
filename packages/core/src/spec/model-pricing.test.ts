import { describe, expect, it } from 'vitest';
import type { ChatResult } from './chat-result.ts';
import { computeCost, withCost } from './model-pricing.ts';
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

  it('bills a request past the long-context threshold wholly at the long-context prices', () => {
    const tiered = {
      inputPerMillion: 2,
      outputPerMillion: 10,
      longContext: {
        inputTokensAbove: 272_000,
        pricing: { inputPerMillion: 4, outputPerMillion: 15 },
      },
    };
    const at = (inputTokens: number) =>
      computeCost(createUsage({ inputTokens, outputTokens: 1_000_000 }), tiered)!.total;
    expect(at(272_000)).toBeCloseTo(0.272 * 2 + 10);
    expect(at(272_001)).toBeCloseTo(0.272001 * 4 + 15);
  });

  it('puts the cost on a result, and leaves a result without a computable cost as it is', () => {
    const result: ChatResult = {
      content: [],
      text: '',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: createUsage({ inputTokens: 1_000_000, outputTokens: 0 }),
      response: {},
      warnings: [],
    };
    expect(withCost(result, pricing).cost?.total).toBeCloseTo(3);
    expect(withCost(result, undefined)).toBe(result);
  });
});
