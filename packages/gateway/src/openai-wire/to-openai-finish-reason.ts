import type { FinishReason } from '@org/llm-core';

/** The `finish_reason` values the gateway sends on the OpenAI wire. */
export type OpenAIWireFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * The OpenAI `finish_reason` for a neutral finish reason, whichever provider
 * answered: `tool-calls` → `tool_calls`, `content-filter` → `content_filter`,
 * `length` → `length`; `stop`, `error` and `other` (an Anthropic `pause_turn`,
 * say) → `stop`, the only other value OpenAI clients expect.
 */
export function toOpenAIFinishReason(reason: FinishReason): OpenAIWireFinishReason {
  switch (reason.unified) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
