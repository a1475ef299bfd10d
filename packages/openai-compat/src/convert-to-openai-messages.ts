import type { ChatMessage, ChatWarning, ImagePart } from '@org/llm-core';

/** A content part of an OpenAI user message. */
export type OpenAIUserContentPart =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'image_url';
      readonly image_url: { readonly url: string; readonly detail?: 'auto' | 'low' | 'high' };
    };

/** A tool call as an assistant message carries it. */
export interface OpenAIMessageToolCall {
  /** The call's id, echoed by the `tool` message that answers it. */
  readonly id: string;
  /** Always `function`. */
  readonly type: 'function';
  /** The tool's name and its input as JSON text. */
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A message of a Chat Completions request. */
export type OpenAIRequestMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string | readonly OpenAIUserContentPart[] }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly tool_calls?: readonly OpenAIMessageToolCall[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

function base64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function imageDetail(part: ImagePart): 'auto' | 'low' | 'high' | undefined {
  const detail = part.providerOptions?.openai?.imageDetail;
  return detail === 'auto' || detail === 'low' || detail === 'high' ? detail : undefined;
}

function imageUrl(part: ImagePart): string {
  // Bytes travel as a data URL; OpenAI takes no separate base64 field.
  return 'url' in part ? part.url : `data:${part.mediaType};base64,${base64(part.data)}`;
}

function jsonText(value: unknown, fallback: string): string {
  // JSON.stringify gives undefined (not a string) for `undefined`.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? fallback;
}

function toolResultContent(output: unknown): string {
  return typeof output === 'string' ? output : jsonText(output, '');
}

/**
 * Converts the neutral history to Chat Completions messages:
 *
 * - `system` (the request field) becomes the first `system` message;
 * - user images become `image_url` parts (bytes as `data:` URLs;
 *   `providerOptions.openai.imageDetail` sets `detail`);
 * - assistant text parts are joined into `content`, tool calls become
 *   `tool_calls` with the input as JSON text, and `content` is `null` when
 *   there is no text (what the API itself returns for such a message, so
 *   every compatible server accepts it back);
 * - each tool result becomes its own `tool` message (`content` is the output
 *   as text: strings as they are, anything else as JSON);
 * - reasoning parts are dropped with one warning: Chat Completions accepts
 *   no reasoning input.
 */
export function convertToOpenAIMessages(
  system: string | undefined,
  messages: readonly ChatMessage[],
): { messages: OpenAIRequestMessage[]; warnings: ChatWarning[] } {
  const out: OpenAIRequestMessage[] = [];
  const droppedReasoning: string[] = [];
  if (system !== undefined) out.push({ role: 'system', content: system });
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        if (typeof message.content === 'string') {
          out.push({ role: 'user', content: message.content });
        } else {
          out.push({
            role: 'user',
            content: message.content.map((part): OpenAIUserContentPart => {
              if (part.type === 'text') return { type: 'text', text: part.text };
              const detail = imageDetail(part);
              return {
                type: 'image_url',
                image_url:
                  detail === undefined ? { url: imageUrl(part) } : { url: imageUrl(part), detail },
              };
            }),
          });
        }
        break;
      case 'assistant': {
        if (typeof message.content === 'string') {
          out.push({ role: 'assistant', content: message.content });
          break;
        }
        let text: string | undefined;
        const toolCalls: OpenAIMessageToolCall[] = [];
        message.content.forEach((part, partIndex) => {
          switch (part.type) {
            case 'text':
              text = text === undefined ? part.text : text + part.text;
              break;
            case 'tool-call':
              toolCalls.push({
                id: part.toolCallId,
                type: 'function',
                function: {
                  name: part.toolName,
                  arguments:
                    typeof part.input === 'string' ? part.input : jsonText(part.input, '{}'),
                },
              });
              break;
            case 'reasoning':
              droppedReasoning.push(`messages[${index}].content[${partIndex}]`);
              break;
            default:
              part satisfies never;
          }
        });
        out.push(
          toolCalls.length === 0
            ? { role: 'assistant', content: text ?? '' }
            : { role: 'assistant', content: text ?? null, tool_calls: toolCalls },
        );
        break;
      }
      case 'tool':
        for (const part of message.content) {
          out.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content: toolResultContent(part.output),
          });
        }
        break;
      default:
        message satisfies never;
    }
  }
  const warnings: ChatWarning[] =
    droppedReasoning.length === 0
      ? []
      : [
          {
            type: 'other',
            message: `Dropped ${droppedReasoning.length} reasoning part(s) (${droppedReasoning.join(', ')}): Chat Completions accepts no reasoning input.`,
          },
        ];
  return { messages: out, warnings };
}
