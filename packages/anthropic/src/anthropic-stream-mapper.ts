import { ResponseValidationError, type ChatStreamPart, type ProviderMetadata } from '@org/llm-core';
import { classifyErrorPayload } from '@org/llm-core/adapter-kit';
import type { AnthropicUsage } from './anthropic-api.ts';
import { anthropicMetadata, truncatedOutputError } from './map-anthropic-response.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.ts';
import type { AnthropicStructuredOutputMode } from './prepare-anthropic-request.ts';

/** One Messages stream event as the SDK yields it (parsed JSON, not validated). */
export interface AnthropicStreamEvent {
  readonly type: string;
  readonly index?: number;
  readonly message?: {
    readonly id?: unknown;
    readonly model?: unknown;
    readonly usage?: AnthropicUsage | null;
  };
  readonly content_block?: {
    readonly type?: unknown;
    readonly text?: unknown;
    readonly thinking?: unknown;
    readonly signature?: unknown;
    readonly data?: unknown;
    readonly id?: unknown;
    readonly name?: unknown;
  };
  readonly delta?: {
    readonly type?: unknown;
    readonly text?: unknown;
    readonly partial_json?: unknown;
    readonly thinking?: unknown;
    readonly signature?: unknown;
    readonly stop_reason?: unknown;
    readonly stop_sequence?: unknown;
    readonly stop_details?: unknown;
  };
  readonly usage?: AnthropicUsage | null;
  readonly error?: unknown;
}

/** What the mapper needs to know about the request. */
export interface AnthropicStreamContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Response headers, for classifying an in-band error. */
  readonly headers: Readonly<Record<string, string>>;
  /** Secrets to scrub from errors. */
  readonly secrets: readonly string[];
  /** How a structured answer was requested, if one was. */
  readonly structuredOutput: AnthropicStructuredOutputMode | undefined;
  /** The forced tool whose input is the structured answer (`tool` mode). */
  readonly structuredToolName: string | undefined;
}

/** What a content block carries. */
type BlockKind = 'text' | 'reasoning' | 'redacted' | 'tool-call' | 'structured' | 'ignored';

interface Block {
  readonly kind: BlockKind;
  /** Part id: the block index as text, or the tool-use id for tool calls. */
  readonly id: string;
  readonly toolName: string;
  /** Tool input JSON (tool calls and the structured tool); signature or redacted data (reasoning). */
  data: string;
  open: boolean;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Turns Messages stream events into neutral stream parts, one `switch` per
 * event and no validation library on the way (this runs for every token).
 *
 * - `message_start` → `response-metadata` (id, model, input usage);
 * - text blocks → `text-*`; thinking blocks → `reasoning-*` with the
 *   signature on `reasoning-end`; redacted thinking → an empty reasoning
 *   block carrying `redactedData`; tool-use blocks → `tool-call-*` and a
 *   complete `tool-call` (the forced structured-output tool → `text-*`);
 *   server-tool blocks and citations are skipped;
 * - `message_delta` → stop reason and final usage; `message_stop` → `finish`;
 * - `ping` and unknown events are ignored; an `error` event throws its
 *   classified error.
 *
 * A tool call or structured answer left incomplete by `max_tokens` throws
 * {@link truncatedOutputError}; a tool call whose JSON is broken for another
 * reason is delivered with the raw text as input.
 */
export class AnthropicStreamMapper {
  readonly #context: AnthropicStreamContext;
  readonly #blocks: (Block | undefined)[] = [];
  #startUsage: AnthropicUsage | null | undefined;
  #deltaUsage: AnthropicUsage | null | undefined;
  #stopReason: string | undefined;
  #stopSequence: string | undefined;
  #stopDetails: unknown;
  #usedStructuredTool = false;
  #done = false;
  /** The answer text so far, kept only for a native structured answer (for its truncation error). */
  #text = '';
  readonly #keepText: boolean;

  constructor(context: AnthropicStreamContext) {
    this.#context = context;
    this.#keepText = context.structuredOutput === 'native';
  }

  /** Whether `message_stop` has arrived (the `finish` part was produced). */
  get done(): boolean {
    return this.#done;
  }

  /** Maps one event, appending the parts it produces to `out`. */
  push(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    switch (event.type) {
      case 'content_block_delta':
        this.#delta(event, out);
        return;
      case 'content_block_start':
        this.#start(event, out);
        return;
      case 'content_block_stop':
        this.#stop(this.#block(event, 'content_block_stop'), out);
        return;
      case 'message_start': {
        const message = event.message;
        this.#startUsage = message?.usage;
        out.push({
          type: 'response-metadata',
          id: typeof message?.id === 'string' ? message.id : undefined,
          modelId: typeof message?.model === 'string' ? message.model : undefined,
          usage: mapAnthropicUsage(message?.usage),
        });
        return;
      }
      case 'message_delta':
        this.#messageDelta(event);
        return;
      case 'message_stop':
        this.#finish(out);
        return;
      case 'error': {
        throw classifyErrorPayload(event, this.#context.headers, {
          provider: this.#context.provider,
          modelId: this.#context.modelId,
          secrets: this.#context.secrets,
        });
      }
      default:
        // `ping`, and event types added after this adapter was written.
        return;
    }
  }

  #block(event: AnthropicStreamEvent, type: string): Block | undefined {
    const index = event.index;
    const block = typeof index === 'number' ? this.#blocks[index] : undefined;
    if (block === undefined) {
      throw new ResponseValidationError(
        `${this.#context.provider} sent '${type}' for content block ${String(index)}, which never started (model '${this.#context.modelId}').`,
        { provider: this.#context.provider, modelId: this.#context.modelId },
      );
    }
    return block.open ? block : undefined;
  }

  #start(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    const index = typeof event.index === 'number' ? event.index : this.#blocks.length;
    const source = event.content_block;
    const id = String(index);
    let block: Block;
    switch (source?.type) {
      case 'text': {
        block = { kind: 'text', id, toolName: '', data: '', open: true };
        out.push({ type: 'text-start', id });
        const text = str(source.text);
        if (text !== '') {
          if (this.#keepText) this.#text += text;
          out.push({ type: 'text-delta', id, delta: text });
        }
        break;
      }
      case 'thinking': {
        block = { kind: 'reasoning', id, toolName: '', data: str(source.signature), open: true };
        out.push({ type: 'reasoning-start', id });
        const thinking = str(source.thinking);
        if (thinking !== '') out.push({ type: 'reasoning-delta', id, delta: thinking });
        break;
      }
      case 'redacted_thinking':
        block = { kind: 'redacted', id, toolName: '', data: str(source.data), open: true };
        out.push({ type: 'reasoning-start', id });
        break;
      case 'tool_use': {
        const toolName = str(source.name);
        if (toolName === this.#context.structuredToolName) {
          this.#usedStructuredTool = true;
          block = { kind: 'structured', id, toolName, data: '', open: true };
          out.push({ type: 'text-start', id });
        } else {
          block = {
            kind: 'tool-call',
            id: str(source.id) || `tool_${id}`,
            toolName,
            data: '',
            open: true,
          };
          out.push({ type: 'tool-call-start', toolCallId: block.id, toolName });
        }
        break;
      }
      default:
        // Server tools (web search...) and block types added later.
        block = { kind: 'ignored', id, toolName: '', data: '', open: true };
    }
    this.#blocks[index] = block;
  }

  #delta(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    const block = this.#block(event, 'content_block_delta');
    const delta = event.delta;
    if (block === undefined || delta === undefined) return;
    switch (delta.type) {
      case 'text_delta': {
        const text = str(delta.text);
        if (text === '' || block.kind !== 'text') return;
        if (this.#keepText) this.#text += text;
        out.push({ type: 'text-delta', id: block.id, delta: text });
        return;
      }
      case 'input_json_delta': {
        const json = str(delta.partial_json);
        if (json === '') return;
        block.data += json;
        if (block.kind === 'tool-call')
          out.push({ type: 'tool-call-delta', toolCallId: block.id, delta: json });
        else if (block.kind === 'structured')
          out.push({ type: 'text-delta', id: block.id, delta: json });
        return;
      }
      case 'thinking_delta': {
        const thinking = str(delta.thinking);
        if (thinking !== '' && block.kind === 'reasoning') {
          out.push({ type: 'reasoning-delta', id: block.id, delta: thinking });
        }
        return;
      }
      case 'signature_delta':
        if (block.kind === 'reasoning') block.data = str(delta.signature);
        return;
      default:
        // citations_delta and delta types added later.
        return;
    }
  }

  /** Closes a block; a tool call's complete input is parsed here. */
  #stop(block: Block | undefined, out: ChatStreamPart[]): void {
    if (block === undefined) return;
    block.open = false;
    switch (block.kind) {
      case 'text':
        out.push({ type: 'text-end', id: block.id });
        return;
      case 'reasoning':
        out.push({
          type: 'reasoning-end',
          id: block.id,
          signature: block.data === '' ? undefined : block.data,
        });
        return;
      case 'redacted':
        out.push({ type: 'reasoning-end', id: block.id, redactedData: block.data });
        return;
      case 'structured':
        if (block.data === '') out.push({ type: 'text-delta', id: block.id, delta: '{}' });
        out.push({ type: 'text-end', id: block.id });
        return;
      case 'tool-call': {
        let input: unknown;
        if (block.data === '') input = {};
        else {
          try {
            input = JSON.parse(block.data) as unknown;
          } catch {
            if (this.#stopReason === 'max_tokens') {
              throw truncatedOutputError(this.#context, {
                toolName: block.toolName,
                text: block.data,
              });
            }
            // Core's convention: arguments that are not JSON reach the caller as raw text.
            input = block.data;
          }
        }
        out.push({ type: 'tool-call-end', toolCallId: block.id });
        out.push({ type: 'tool-call', toolCallId: block.id, toolName: block.toolName, input });
        return;
      }
      case 'ignored':
        return;
      default:
        block.kind satisfies never;
    }
  }

  #messageDelta(event: AnthropicStreamEvent): void {
    const delta = event.delta;
    if (typeof delta?.stop_reason === 'string') this.#stopReason = delta.stop_reason;
    if (typeof delta?.stop_sequence === 'string') this.#stopSequence = delta.stop_sequence;
    if (delta?.stop_details !== undefined && delta.stop_details !== null)
      this.#stopDetails = delta.stop_details;
    if (event.usage !== undefined) this.#deltaUsage = event.usage;
    if (this.#stopReason !== 'max_tokens') return;
    // Cut by max_tokens: a tool call still open, or a structured answer, is incomplete.
    for (const block of this.#blocks) {
      if (block?.open !== true) continue;
      if (block.kind === 'tool-call') {
        throw truncatedOutputError(this.#context, { toolName: block.toolName, text: block.data });
      }
      if (block.kind === 'structured')
        throw truncatedOutputError(this.#context, { text: block.data });
    }
    if (this.#context.structuredOutput === 'native') {
      throw truncatedOutputError(this.#context, { text: this.#text });
    }
  }

  /**
   * The events ended without `message_stop`. When `message_delta` already
   * brought the stop reason, nothing but the terminator is missing (an SSE
   * body whose last event lacks its blank line loses it, as the SSE standard
   * says): the answer is complete and finishes. Returns whether it did.
   */
  end(out: ChatStreamPart[]): boolean {
    if (this.#done || this.#stopReason === undefined) return this.#done;
    this.#finish(out);
    return true;
  }

  #finish(out: ChatStreamPart[]): void {
    // Close what the provider left open (tool input must still parse).
    for (const block of this.#blocks) if (block?.open === true) this.#stop(block, out);
    const metadata: ProviderMetadata | undefined = anthropicMetadata({
      stopSequence: this.#stopSequence,
      stopDetails: this.#stopDetails,
      structuredOutput: this.#context.structuredOutput,
    });
    out.push({
      type: 'finish',
      finishReason: mapAnthropicStopReason(this.#stopReason, {
        structuredOutputTool: this.#usedStructuredTool,
      }),
      usage: mapAnthropicUsage(mergeAnthropicUsage(this.#startUsage, this.#deltaUsage)),
      ...(metadata === undefined ? {} : { providerMetadata: metadata }),
    });
    this.#done = true;
  }
}
