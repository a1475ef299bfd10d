import type { FinishReason, UnifiedFinishReason } from '@org/llm-core';
import type { OpenAIFinishReason } from './openai-chat-api.ts';

// `satisfies Record<OpenAIFinishReason, ...>` makes this table exhaustive at
// compile time (a new documented reason fails the type check until mapped)
// without a matcher allocation per call.
const documented = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  // The deprecated `functions` API; its calls arrive as tool calls today.
  function_call: 'tool-calls',
} as const satisfies Record<OpenAIFinishReason, UnifiedFinishReason>;

// Values OpenAI-compatible servers send that OpenAI does not.
const compatible: Readonly<Record<string, UnifiedFinishReason>> = {
  eos: 'stop', // llama.cpp, older TGI
  stop_sequence: 'stop', // proxies fronting Anthropic models
  end_turn: 'stop',
  max_tokens: 'length',
  model_length: 'length', // Mistral
  tool_use: 'tool-calls',
  error: 'error', // OpenRouter, vLLM
};

/** What the mapper knows when the answer ends. */
export interface OpenAIFinishContext {
  /** The model refused (`refusal` text arrived). */
  readonly refused: boolean;
  /** The answer holds tool calls. */
  readonly hasToolCalls: boolean;
}

/**
 * Maps an OpenAI `finish_reason` to the unified reason, keeping the raw one.
 *
 * - A refusal is `content-filter` whatever `finish_reason` says (OpenAI
 *   sends `stop` with a `refusal` message).
 * - No `finish_reason` at all (some compatible servers end with `[DONE]`
 *   only) is `tool-calls` when tool calls arrived, else `stop`; `raw` stays
 *   `undefined` to show it was inferred.
 * - Unknown values are `other`.
 */
export function mapOpenAIFinishReason(
  raw: string | undefined,
  context: OpenAIFinishContext,
): FinishReason {
  if (context.refused) return { unified: 'content-filter', raw };
  if (raw === undefined) return { unified: context.hasToolCalls ? 'tool-calls' : 'stop', raw };
  const unified = Object.hasOwn(documented, raw)
    ? documented[raw as OpenAIFinishReason]
    : Object.hasOwn(compatible, raw)
      ? compatible[raw]!
      : 'other';
  return { unified, raw };
}
