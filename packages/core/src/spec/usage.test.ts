import { describe, expect, it } from 'vitest';
import { addUsage, createUsage, mergeUsage, tokenCount, totalTokens } from './usage.ts';

describe('usage', () => {
  it('turns anything that is not a count into undefined', () => {
    expect(
      createUsage({
        inputTokens: Number.NaN,
        outputTokens: -1,
        cacheReadTokens: Infinity,
        cacheWriteTokens: '3',
        reasoningTokens: 4,
      }),
    ).toEqual({
      inputTokens: undefined,
      outputTokens: undefined,
      cacheReadTokens: undefined,
      cacheWriteTokens: undefined,
      reasoningTokens: 4,
    });
    expect(tokenCount(0)).toBe(0);
  });

  it('adds field by field, keeping undefined only when both are', () => {
    const sum = addUsage(
      createUsage({ inputTokens: 10, outputTokens: 2 }),
      createUsage({ inputTokens: 5, cacheReadTokens: 3 }),
    );
    expect(sum).toEqual(createUsage({ inputTokens: 15, outputTokens: 2, cacheReadTokens: 3 }));
  });

  it('overlays later reports on earlier ones', () => {
    const merged = mergeUsage(createUsage({ inputTokens: 10, outputTokens: 1 }), {
      outputTokens: 42,
      reasoningTokens: Number.NaN,
    });
    expect(merged).toEqual(createUsage({ inputTokens: 10, outputTokens: 42 }));
  });

  it('totals only when both sides are known', () => {
    expect(totalTokens(createUsage({ inputTokens: 3, outputTokens: 4 }))).toBe(7);
    expect(totalTokens(createUsage({ inputTokens: 3 }))).toBeUndefined();
  });
});
