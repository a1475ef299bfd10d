import type { Usage } from '@org/llm-core';

/** `usage` of a Chat Completions answer. */
export interface OpenAIWireUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details: { readonly cached_tokens: number };
  readonly completion_tokens_details: { readonly reasoning_tokens: number };
}

/**
 * The OpenAI `usage` object of a neutral usage. The neutral counts already
 * follow OpenAI's convention (input includes cache reads, output includes
 * reasoning); a count the provider did not report is sent as 0.
 */
export function toOpenAIUsage(usage: Usage): OpenAIWireUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
