import { createUsage, type Usage } from '@org/llm-core';
import type { AnthropicUsage } from './anthropic-api.ts';

/**
 * Maps Anthropic's usage to the neutral one. Anthropic reports cache reads
 * and writes apart from `input_tokens`, so `inputTokens` is their sum (every
 * input token, as the neutral `Usage` defines it); `cacheReadTokens` and
 * `cacheWriteTokens` keep the parts. `reasoningTokens` comes from
 * `output_tokens_details.thinking_tokens` (API version `2026-10-21`), a
 * subset of `outputTokens`. A field Anthropic did not send stays `undefined`.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  if (usage === null || usage === undefined) return createUsage();
  const input = usage.input_tokens ?? undefined;
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  return createUsage({
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage.output_tokens ?? undefined,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? undefined,
  });
}

/**
 * Merges the usage of `message_start` with the cumulative usage of
 * `message_delta`: a field the delta reports wins (its counts are final),
 * the others keep the start's values. Some Anthropic-compatible hosts send
 * the real `input_tokens` only in the delta.
 */
export function mergeAnthropicUsage(
  start: AnthropicUsage | null | undefined,
  delta: AnthropicUsage | null | undefined,
): AnthropicUsage | undefined {
  if (delta === null || delta === undefined) return start ?? undefined;
  if (start === null || start === undefined) return delta;
  return {
    input_tokens: delta.input_tokens ?? start.input_tokens,
    output_tokens: delta.output_tokens ?? start.output_tokens,
    cache_creation_input_tokens:
      delta.cache_creation_input_tokens ?? start.cache_creation_input_tokens,
    cache_read_input_tokens: delta.cache_read_input_tokens ?? start.cache_read_input_tokens,
    output_tokens_details: delta.output_tokens_details ?? start.output_tokens_details,
  };
}
