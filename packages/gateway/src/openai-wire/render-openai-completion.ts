import type { ChatResult } from '@org/llm-core';
import { jsonText } from '../http/json-text.ts';
import { toOpenAIFinishReason } from './to-openai-finish-reason.ts';
import { toOpenAIUsage } from './to-openai-usage.ts';

/** The id, timestamp and model an answer is sent with. */
export interface OpenAIAnswerIdentity {
  /** `chatcmpl-…`: the upstream response id when there is one. */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The model that answered (or the name the client asked for). */
  readonly model: string;
}

function argumentsText(input: unknown): string {
  return typeof input === 'string' ? input : jsonText(input, '{}');
}

/**
 * Renders a neutral result as a `chat.completion` object: text in
 * `message.content` (`null` when there is none and the model called tools,
 * as the API does), tool calls with their input as JSON text, the finish
 * reason and usage in OpenAI's terms. Reasoning is not part of Chat
 * Completions and is left out.
 */
export function renderOpenAICompletion(
  result: ChatResult,
  identity: OpenAIAnswerIdentity,
): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: result.text === '' && result.toolCalls.length > 0 ? null : result.text,
    refusal: null,
  };
  if (result.toolCalls.length > 0) {
    message.tool_calls = result.toolCalls.map((call) => ({
      id: call.toolCallId,
      type: 'function',
      function: { name: call.toolName, arguments: argumentsText(call.input) },
    }));
  }
  message.annotations = [];
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: toOpenAIFinishReason(result.finishReason),
      },
    ],
    usage: toOpenAIUsage(result.usage),
    system_fingerprint: null,
  };
}
