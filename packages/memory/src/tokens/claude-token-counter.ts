import { estimateTokenCounter, type TokenCounter, type TokenEstimate } from '@org/llm-core';

/**
 * Ratios of the Claude estimate, calibrated on the recorded Claude responses
 * of `../shared/peers/fixtures` (their usage against their requests): over 27
 * requests the median error is 12% and 14% of all tokens are miscounted; a
 * single request is off by -34% to +125% (the largest on requests under 50
 * tokens), and the worst under-count is 124 tokens.
 * `token-counters.fixtures.test.ts` recomputes these figures. Anthropic publishes no tokenizer for its current
 * models; the count-tokens endpoint is exact (`anthropicCountTokensCounter`).
 */
export const claudeTokenEstimate: TokenEstimate = {
  id: 'claude-estimate',
  charsPerToken: 4.5,
  jsonCharsPerToken: 2,
  messageTokens: 10,
  requestTokens: 25,
  toolsTokens: 350,
  responseFormatTokens: 60,
  // A 1092 x 1092 image, the largest Claude keeps without resizing, costs about 1,600 tokens.
  imageTokens: 1600,
};

/** The calibrated Claude estimate as a token counter (no tokenizer, no network). */
export function claudeTokenCounter(): TokenCounter {
  return estimateTokenCounter(claudeTokenEstimate);
}
