import { createUsage } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { describeUsage, formatTokens, formatUsd, modelLabel } from './describe-usage.ts';

describe('describeUsage', () => {
  it('formats dollars with the digits a single call needs', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.000_123_4)).toBe('$0.000123');
    expect(formatUsd(0.5)).toBe('$0.5');
    expect(formatUsd(12.345)).toBe('$12.35');
  });

  it('counts tokens, with cache and reasoning only when there are some, ? when unknown', () => {
    expect(formatTokens(createUsage({ inputTokens: 12, outputTokens: 3 }))).toBe('12 in, 3 out');
    expect(
      formatTokens(createUsage({ inputTokens: 12, cacheReadTokens: 10, reasoningTokens: 2 })),
    ).toBe('12 in, ? out, 10 cached, 2 reasoning');
  });

  it('names the model behind an alias, and says why a cost is missing', () => {
    const model = { provider: 'openai', modelId: 'gpt-6-luna' };
    expect(modelLabel('fast', model)).toBe('fast (openai:gpt-6-luna)');
    expect(modelLabel('openai:gpt-6-luna', model)).toBe('openai:gpt-6-luna');
    expect(
      describeUsage('fast', createUsage({ inputTokens: 1, outputTokens: 2 }), undefined, 1234),
    ).toBe('fast · 1 in, 2 out tokens · cost unknown (no prices for this model) · 1.2 s');
  });
});
