import type { FinishReason } from '@org/llm-core';

/**
 * Maps Anthropic's `stop_reason` to the neutral finish reason:
 *
 * - `end_turn`, `stop_sequence` → `stop`;
 * - `max_tokens`, `model_context_window_exceeded` → `length`;
 * - `tool_use` → `tool-calls` (`stop` when the tool was the forced
 *   structured-output tool: the answer is complete);
 * - `refusal` → `content-filter`;
 * - `pause_turn` (a server tool paused a long turn), anything else or none → `other`.
 *
 * `raw` keeps Anthropic's value.
 */
export function mapAnthropicStopReason(
  stopReason: string | null | undefined,
  options: { readonly structuredOutputTool?: boolean | undefined } = {},
): FinishReason {
  const raw = stopReason ?? undefined;
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: options.structuredOutputTool === true ? 'stop' : 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}
