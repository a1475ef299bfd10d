import type { ChatMessage } from '../messages/messages.ts';
import type { ChatRequest } from '../spec/chat-request.ts';

/** The parts of a request that are not messages, as a {@link TokenCounter} counts them. */
export type RequestOverhead = Pick<ChatRequest, 'system' | 'tools' | 'responseFormat'>;

/**
 * Counts tokens the way a model's tokenizer does, so a memory policy can fit
 * a history into a context window. Counts are additive: a request costs its
 * overhead plus the sum of its messages' counts.
 *
 * Implementations: {@link estimateTokenCounter} here (no tokenizer, calibrated
 * character ratios); exact OpenAI encodings through `js-tiktoken`, a Claude
 * estimate and Anthropic's count-tokens endpoint in `@org/llm-memory`
 * (`tokenCounterFor(model)` picks one per model).
 */
export interface TokenCounter {
  /**
   * Names the tokenizer and its settings (`o200k_base`, `claude-estimate`);
   * memory policies cache counts per message under it.
   */
  readonly id: string;
  /**
   * Tokens each message adds to a request, its framing (role markers,
   * separators) included: one whole number per message, in order.
   */
  countMessages(messages: readonly ChatMessage[]): readonly number[] | Promise<readonly number[]>;
  /** Tokens of everything else: system prompt, tool definitions, response schema, reply priming. */
  countOverhead(request: RequestOverhead): number | Promise<number>;
}

/** Ratios of a token estimate; see {@link estimateTokenCounter}. */
export interface TokenEstimate {
  /** Names the estimate in cache keys; default `estimate`. */
  readonly id?: string | undefined;
  /** Characters of prose per token (text, system prompt, tool descriptions); default 4. */
  readonly charsPerToken?: number | undefined;
  /** Characters of JSON per token (tool inputs and outputs, schemas); default 2. */
  readonly jsonCharsPerToken?: number | undefined;
  /** Tokens of framing per message; default 4. */
  readonly messageTokens?: number | undefined;
  /** Tokens of framing per request; default 3. */
  readonly requestTokens?: number | undefined;
  /** Tokens a provider adds once when a request has tools (its tool-use instructions); default 0. */
  readonly toolsTokens?: number | undefined;
  /** Tokens a provider adds once for a JSON Schema response format; default 0. */
  readonly responseFormatTokens?: number | undefined;
  /** Tokens per image; default 1,000 (providers bill roughly 85 to 1,600 per image). */
  readonly imageTokens?: number | undefined;
}

function jsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  try {
    // JSON.stringify returns undefined for undefined and functions, whatever its type says.
    return (JSON.stringify(value) as string | undefined)?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * A token counter without a tokenizer: characters divided by calibrated
 * ratios, plus fixed framing per message and request. Reasoning parts count
 * nothing, since providers drop earlier turns' reasoning from the prompt.
 * The defaults suit English text on OpenAI-style tokenizers (about 4
 * characters per token); `@org/llm-memory` ships ratios calibrated on
 * recorded Claude responses. Use an exact tokenizer where one exists.
 */
export function estimateTokenCounter(estimate: TokenEstimate = {}): TokenCounter {
  const charsPerToken = estimate.charsPerToken ?? 4;
  const jsonCharsPerToken = estimate.jsonCharsPerToken ?? 2;
  const messageTokens = estimate.messageTokens ?? 4;
  const imageTokens = estimate.imageTokens ?? 1000;
  const countMessage = (message: ChatMessage): number => {
    if (typeof message.content === 'string') {
      return messageTokens + Math.ceil(message.content.length / charsPerToken);
    }
    let text = 0;
    let json = 0;
    let images = 0;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          text += part.text.length;
          break;
        case 'image':
          images++;
          break;
        case 'tool-call':
          json += part.toolName.length + jsonLength(part.input);
          break;
        case 'tool-result':
          if (typeof part.output === 'string') text += part.output.length;
          else json += jsonLength(part.output);
          break;
        case 'reasoning':
          break;
        default:
          part satisfies never;
      }
    }
    return (
      messageTokens +
      Math.ceil(text / charsPerToken + json / jsonCharsPerToken) +
      images * imageTokens
    );
  };
  return {
    id: estimate.id ?? 'estimate',
    countMessages: (messages) => messages.map(countMessage),
    countOverhead(request) {
      let text = request.system?.length ?? 0;
      let json = 0;
      for (const tool of request.tools ?? []) {
        text += tool.name.length + (tool.description?.length ?? 0);
        json += jsonLength(tool.inputSchema);
      }
      const format = request.responseFormat;
      const schema = format?.type === 'json-schema';
      if (format?.type === 'json-schema') json += jsonLength(format.schema);
      return (
        (estimate.requestTokens ?? 3) +
        Math.ceil(text / charsPerToken + json / jsonCharsPerToken) +
        ((request.tools?.length ?? 0) > 0 ? (estimate.toolsTokens ?? 0) : 0) +
        (schema ? (estimate.responseFormatTokens ?? 0) : 0)
      );
    },
  };
}
