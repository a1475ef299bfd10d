import type { ChatMessage, RequestOverhead, TokenCounter } from '@org/llm-core';
import { Tiktoken } from 'js-tiktoken/lite';

/** The tiktoken encodings of OpenAI's chat models. */
export type OpenAIEncoding = 'o200k_base' | 'cl100k_base';

/** Each encoding's ranks (a few MB of JavaScript) load on the first count, not on import. */
const loaders: Record<
  OpenAIEncoding,
  () => Promise<{ default: ConstructorParameters<typeof Tiktoken>[0] }>
> = {
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
};
const encoders = new Map<OpenAIEncoding, Promise<Tiktoken>>();

function encoder(encoding: OpenAIEncoding): Promise<Tiktoken> {
  let loaded = encoders.get(encoding);
  if (loaded === undefined) {
    loaded = loaders[encoding]().then((ranks) => new Tiktoken(ranks.default));
    encoders.set(encoding, loaded);
  }
  return loaded;
}

/**
 * The encoding of an OpenAI model id: `cl100k_base` for GPT-4 (not 4o or
 * 4.1+), GPT-3.5 and the embedding models, `o200k_base` for everything newer
 * (GPT-4o, GPT-4.1, GPT-5, o-series) and for ids it does not know.
 */
export function openAIEncodingFor(modelId: string): OpenAIEncoding {
  const id = modelId.toLowerCase().replace(/^(openai\/|ft:)/, '');
  if (/^(gpt-4o|gpt-4\.[1-9]|chatgpt-4o)/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding-(3|ada))/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

// Framing of the Chat Completions prompt, as OpenAI's cookbook counts it
// ("How to count tokens with tiktoken"): every message costs 3 tokens besides
// its role and content, and the reply is primed with 3 more.
const tokensPerMessage = 3;
const replyPriming = 3;
/** Tokens of one image part whose size is unknown: a 1024x1024 image at high detail. */
const imageTokens = 765;
/** Framing of one tool call in an assistant message, and of one function definition. */
const toolCallTokens = 7;
const toolDefinitionTokens = 8;
/** Once per request with tools: the tool namespace header. */
const toolsTokens = 12;

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return value === undefined || typeof value === 'function' ? '' : JSON.stringify(value);
  } catch {
    return '';
  }
}

function messageTokens(tokenizer: Tiktoken, message: ChatMessage): number {
  const encode = (text: string): number =>
    text === '' ? 0 : tokenizer.encode(text, [], []).length;
  let tokens = tokensPerMessage + encode(message.role);
  if (typeof message.content === 'string') return tokens + encode(message.content);
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        tokens += encode(part.text);
        break;
      case 'image':
        tokens += imageTokens;
        break;
      case 'tool-call':
        tokens += toolCallTokens + encode(part.toolName) + encode(stringify(part.input));
        break;
      case 'tool-result':
        // Each tool result is a message of its own on the wire.
        tokens += tokensPerMessage + encode(stringify(part.output));
        break;
      case 'reasoning':
        // Chat Completions never sends earlier reasoning back.
        break;
      default:
        part satisfies never;
    }
  }
  return tokens;
}

/**
 * Counts tokens with OpenAI's own encodings (`js-tiktoken`): exact for
 * messages of text, within a few tokens for tool calls and definitions
 * (OpenAI renders those in a format it does not publish), and 765 tokens for
 * an image of unknown size. The encoding's ranks load on the first count.
 */
export function openAITokenCounter(encoding: OpenAIEncoding = 'o200k_base'): TokenCounter {
  return {
    id: `openai-${encoding}`,
    async countMessages(messages) {
      const tokenizer = await encoder(encoding);
      return messages.map((message) => messageTokens(tokenizer, message));
    },
    async countOverhead(request: RequestOverhead) {
      const tokenizer = await encoder(encoding);
      const encode = (text: string): number =>
        text === '' ? 0 : tokenizer.encode(text, [], []).length;
      let tokens = replyPriming;
      if (request.system !== undefined && request.system !== '') {
        tokens += tokensPerMessage + encode('system') + encode(request.system);
      }
      const tools = request.tools ?? [];
      if (tools.length > 0) tokens += toolsTokens;
      for (const tool of tools) {
        tokens +=
          toolDefinitionTokens +
          encode(tool.name) +
          encode(tool.description ?? '') +
          encode(stringify(tool.inputSchema));
      }
      if (request.responseFormat?.type === 'json-schema')
        tokens += encode(stringify(request.responseFormat.schema));
      return tokens;
    },
  };
}
