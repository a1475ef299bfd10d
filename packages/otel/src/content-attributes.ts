import type { ChatMessage, ChatRequest, ChatResult, ContentPart } from '@org/llm-core';
import type { Attributes } from '@opentelemetry/api';
import { genAiAttributes } from './gen-ai-attributes.ts';

/** One message part in the GenAI conventions' JSON shape. */
type GenAiPart = Readonly<Record<string, unknown>>;

/** A part in the conventions' shape; image bytes are never copied, only their media type. */
function toPart(part: ContentPart): GenAiPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', content: part.text };
    case 'reasoning':
      return { type: 'reasoning', content: part.text };
    case 'image':
      return 'url' in part && !part.url.startsWith('data:')
        ? { type: 'uri', modality: 'image', uri: part.url }
        : { type: 'blob', modality: 'image', mime_type: part.mediaType ?? 'unknown' };
    case 'tool-call':
      return { type: 'tool_call', id: part.toolCallId, name: part.toolName, arguments: part.input };
    case 'tool-result':
      return { type: 'tool_call_response', id: part.toolCallId, response: part.output };
  }
}

function toMessage(message: ChatMessage): Readonly<Record<string, unknown>> {
  const parts =
    typeof message.content === 'string'
      ? [{ type: 'text', content: message.content }]
      : (message.content as readonly ContentPart[]).map(toPart);
  return { role: message.role, parts };
}

/**
 * The request's content as `gen_ai.system_instructions` and
 * `gen_ai.input.messages` (JSON strings). Only written when content
 * capture is turned on: prompts hold user data.
 */
export function inputContentAttributes(request: ChatRequest): Attributes {
  const attributes: Attributes = {
    [genAiAttributes.inputMessages]: JSON.stringify(request.messages.map(toMessage)),
  };
  if (request.system !== undefined) {
    attributes[genAiAttributes.systemInstructions] = JSON.stringify([
      { type: 'text', content: request.system },
    ]);
  }
  return attributes;
}

/** The answer as `gen_ai.output.messages` (a JSON string); only with content capture on. */
export function outputContentAttributes(result: ChatResult): Attributes {
  return {
    [genAiAttributes.outputMessages]: JSON.stringify([
      {
        role: 'assistant',
        parts: result.content.map(toPart),
        finish_reason: result.finishReason.unified,
      },
    ]),
  };
}
