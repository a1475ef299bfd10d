import { createUsage, type Usage } from '@org/llm-core';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Maps an OpenAI `usage` object to neutral usage. OpenAI's `prompt_tokens`
 * already include cached tokens and `completion_tokens` include reasoning
 * tokens, which is the neutral convention, so they carry over unchanged.
 * OpenAI does not report cache writes. Accepts any value (stream chunks are
 * not schema-checked): anything that is not a count becomes `undefined`.
 */
export function mapOpenAIUsage(usage: unknown): Usage {
  return createUsage({
    inputTokens: field(usage, 'prompt_tokens'),
    outputTokens: field(usage, 'completion_tokens'),
    cacheReadTokens: field(field(usage, 'prompt_tokens_details'), 'cached_tokens'),
    reasoningTokens: field(field(usage, 'completion_tokens_details'), 'reasoning_tokens'),
  });
}
