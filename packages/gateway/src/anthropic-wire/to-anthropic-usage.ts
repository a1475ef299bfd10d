import type { Usage } from '@org/llm-core';

/** `usage` of a Messages answer. */
export interface AnthropicWireUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens: number;
  readonly cache_creation_input_tokens: number;
}

/**
 * The Anthropic `usage` object of a neutral usage. Anthropic counts cache
 * reads and writes apart from `input_tokens`, while the neutral `inputTokens`
 * includes them, so they are subtracted back out.
 */
export function toAnthropicUsage(usage: Partial<Usage>): AnthropicWireUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
  };
}
