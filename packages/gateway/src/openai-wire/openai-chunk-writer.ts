import type { ChatStreamPart } from '@org/llm-core';
import type { OpenAIAnswerIdentity } from './render-openai-completion.ts';
import { jsonText } from '../http/json-text.ts';
import { toOpenAIFinishReason } from './to-openai-finish-reason.ts';
import { toOpenAIUsage } from './to-openai-usage.ts';

/**
 * Turns neutral stream parts into `chat.completion.chunk` SSE events, shaped
 * as api.openai.com sends them: a first chunk with the role, one chunk per
 * text or tool-argument delta, a chunk with the finish reason, then (with
 * `stream_options.include_usage`) a chunk with no choices and the usage, and
 * `data: [DONE]`. With `include_usage` every other chunk carries
 * `"usage":null`, as the API's do.
 *
 * Chunks are built as text around a prefix computed once per stream: one
 * `JSON.stringify` of the delta text per part, nothing else, because this
 * runs for every token that passes through the gateway.
 */
export class OpenAIChunkWriter {
  #identity: OpenAIAnswerIdentity;
  #prefix = '';
  readonly #suffix: string;
  readonly #includeUsage: boolean;
  readonly #toolIndexes = new Map<string, number>();
  #started = false;

  /** `identity` until a `response-metadata` part names the upstream's id and model. */
  constructor(identity: OpenAIAnswerIdentity, includeUsage: boolean) {
    this.#identity = identity;
    this.#suffix = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
    this.#includeUsage = includeUsage;
  }

  #choice(delta: string, finishReason = 'null'): string {
    return `${this.#prefix}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}${this.#suffix}`;
  }

  /** The first chunk (the assistant role), once. */
  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    const { id, created, model } = this.#identity;
    this.#prefix = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":[`;
    return this.#choice('{"role":"assistant","content":"","refusal":null}');
  }

  /** The SSE text for one part ('' when the part shows nothing on this wire). */
  write(part: ChatStreamPart): string {
    switch (part.type) {
      case 'response-metadata':
        if (!this.#started) {
          this.#identity = {
            id: part.id ?? this.#identity.id,
            created: this.#identity.created,
            model: part.modelId ?? this.#identity.model,
          };
        }
        return '';
      case 'text-delta':
        return part.delta === ''
          ? this.#start()
          : this.#start() + this.#choice(`{"content":${JSON.stringify(part.delta)}}`);
      case 'tool-call-start': {
        const index = this.#toolIndexes.size;
        this.#toolIndexes.set(part.toolCallId, index);
        return (
          this.#start() +
          this.#choice(
            `{"tool_calls":[{"index":${index},"id":${JSON.stringify(part.toolCallId)},"type":"function","function":{"name":${JSON.stringify(part.toolName)},"arguments":""}}]}`,
          )
        );
      }
      case 'tool-call-delta': {
        const index = this.#toolIndexes.get(part.toolCallId);
        if (index === undefined || part.delta === '') return this.#start();
        return (
          this.#start() +
          this.#choice(
            `{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(part.delta)}}}]}`,
          )
        );
      }
      case 'tool-call': {
        // A complete call without a streamed block before it: send it whole.
        if (this.#toolIndexes.has(part.toolCallId)) return '';
        const index = this.#toolIndexes.size;
        this.#toolIndexes.set(part.toolCallId, index);
        const args = typeof part.input === 'string' ? part.input : jsonText(part.input, '{}');
        return (
          this.#start() +
          this.#choice(
            `{"tool_calls":[{"index":${index},"id":${JSON.stringify(part.toolCallId)},"type":"function","function":{"name":${JSON.stringify(part.toolName)},"arguments":${JSON.stringify(args)}}}]}`,
          )
        );
      }
      case 'finish': {
        let out =
          this.#start() +
          this.#choice('{}', JSON.stringify(toOpenAIFinishReason(part.finishReason)));
        if (this.#includeUsage) {
          out += `${this.#prefix}],"usage":${JSON.stringify(toOpenAIUsage(part.usage))}}\n\n`;
        }
        return `${out}data: [DONE]\n\n`;
      }
      default:
        // Block boundaries, reasoning (not part of Chat Completions) and metadata show nothing.
        return '';
    }
  }

  /**
   * The event that ends a stream that failed after it started: an `error`
   * object in a `data:` line, which the official SDKs raise as an API error.
   * No `[DONE]` follows, so no client mistakes the answer for complete.
   */
  error(body: { readonly error: Record<string, unknown> }): string {
    return `data: ${JSON.stringify(body)}\n\n`;
  }
}
