import type { FinishReason } from '@org/llm-core';

/** The `stop_reason` values the gateway sends on the Anthropic wire. */
export type AnthropicWireStopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn';

/**
 * The Anthropic `stop_reason` for a neutral finish reason, whichever provider
 * answered: `length` → `max_tokens`, `tool-calls` → `tool_use`,
 * `content-filter` → `refusal`, `stop` → `end_turn` (or `stop_sequence` when
 * Claude said so); Claude's own `pause_turn` is kept; anything else is
 * `end_turn`.
 */
export function toAnthropicStopReason(reason: FinishReason): AnthropicWireStopReason {
  switch (reason.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    case 'stop':
      return reason.raw === 'stop_sequence' ? 'stop_sequence' : 'end_turn';
    default:
      return reason.raw === 'pause_turn' ? 'pause_turn' : 'end_turn';
  }
}
