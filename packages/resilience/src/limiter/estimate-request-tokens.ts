import type { ChatMessage, ChatRequest } from '@org/llm-core';

/** Tokens counted for one image: providers bill roughly 500 to 1,600 per image. */
const imageTokens = 1000;
/** Tokens of role markers and separators around each message. */
const messageOverheadTokens = 4;
/** Characters per token of English text and JSON, on average. */
const charsPerToken = 4;

function stringifiedLength(value: unknown): number {
  try {
    // JSON.stringify returns undefined for undefined and functions, whatever its type says.
    return (JSON.stringify(value) as string | undefined)?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * JSON lengths by object. Tool schemas, and the tool calls and results of a
 * conversation's history, come back in request after request: stringifying
 * them again on every call cost more than the rest of the estimate.
 */
const jsonLengths = new WeakMap<object, number>();

function jsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return stringifiedLength(value);
  let length = jsonLengths.get(value);
  if (length === undefined) {
    length = stringifiedLength(value);
    jsonLengths.set(value, length);
  }
  return length;
}

function messageChars(message: ChatMessage): { chars: number; images: number } {
  if (typeof message.content === 'string') return { chars: message.content.length, images: 0 };
  let chars = 0;
  let images = 0;
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
      case 'reasoning':
        chars += part.text.length;
        break;
      case 'image':
        images++;
        break;
      case 'tool-call':
        chars += part.toolName.length + jsonLength(part.input);
        break;
      case 'tool-result':
        chars += part.toolName.length + jsonLength(part.output);
        break;
      default:
        part satisfies never;
    }
  }
  return { chars, images };
}

/**
 * A quick, provider-neutral estimate of a request's input tokens: about four
 * characters per token over the system prompt, messages, tool definitions
 * and response schema, 1,000 tokens per image, and 4 per message. Good
 * enough for client-side budgets (rate limits, context-window checks); not
 * a tokenizer: it can be off by half or double for code and non-Latin
 * scripts, so pass your own estimator where precision matters. A schema,
 * tool input or tool output object is measured once, on first sight, and
 * taken as unchanging after that.
 */
export function estimateInputTokens(request: ChatRequest): number {
  let chars = request.system?.length ?? 0;
  let images = 0;
  for (const message of request.messages) {
    const counted = messageChars(message);
    chars += counted.chars;
    images += counted.images;
  }
  for (const tool of request.tools ?? []) {
    chars += tool.name.length + (tool.description?.length ?? 0) + jsonLength(tool.inputSchema);
  }
  if (request.responseFormat?.type === 'json-schema') {
    chars += jsonLength(request.responseFormat.schema);
  }
  return (
    Math.ceil(chars / charsPerToken) +
    images * imageTokens +
    request.messages.length * messageOverheadTokens
  );
}
