import type { ChatResult } from '@org/llm-core';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';

/** The id and model an answer is sent with. */
export interface AnthropicAnswerIdentity {
  /** `msg_…`: the upstream response id when there is one. */
  readonly id: string;
  /** The model that answered (or the name the client asked for). */
  readonly model: string;
}

function toolInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  // Arguments a model produced as broken JSON: Anthropic clients expect an object.
  return {};
}

/**
 * Renders a neutral result as a Messages API `message` object: content
 * blocks in order (reasoning as `thinking` or `redacted_thinking` blocks,
 * text, `tool_use` with its input object), the stop reason and usage in
 * Anthropic's terms.
 */
export function renderAnthropicMessage(
  result: ChatResult,
  identity: AnthropicAnswerIdentity,
): Record<string, unknown> {
  const content = result.content.flatMap((part): Record<string, unknown>[] => {
    switch (part.type) {
      case 'text':
        return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      case 'tool-call':
        return [
          {
            type: 'tool_use',
            id: part.toolCallId,
            name: part.toolName,
            input: toolInput(part.input),
          },
        ];
      case 'reasoning':
        if (part.redactedData !== undefined)
          return [{ type: 'redacted_thinking', data: part.redactedData }];
        return [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    }
  });
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: toAnthropicStopReason(result.finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(result.usage),
  };
}
