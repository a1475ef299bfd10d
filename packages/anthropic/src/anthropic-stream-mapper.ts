import { ResponseValidationError, type ChatStreamPart, type ProviderMetadata } from '@org/llm-core';
import { classifyErrorPayload, isToolInputComplete } from '@org/llm-core/adapter-kit';
import type { AnthropicUsage } from './anthropic-api.ts';
import {
  anthropicMetadata,
  anthropicToolSchema,
  truncatedOutputError,
} from './map-anthropic-response.ts';
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
  /** The request body's `tools` (their input schemas judge a call the output limit may have cut). */
  readonly tools: readonly unknown[] | undefined;
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
}

/** A closed tool call whose input is not whole: delivered or refused once the stop reason is known. */
interface HeldToolCall {
  readonly part: Extract<ChatStreamPart, { type: 'tool-call' }>;
  readonly text: string;
}

/** Blocks open at once beyond which a stream is refused (Anthropic sends them one at a time). */
const maxOpenBlocks = 1024;

/** A tool input's JSON text, parsed; `{}` when empty; the raw text when it is not JSON. */
function parseToolInput(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Core's convention: arguments that are not JSON reach the caller as raw text.
    return text;
  }
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
 * Content blocks are kept by their wire `index` in a map, and forgotten when
 * they close, so no work or memory depends on the number a server sends.
 *
 * When the output limit stops the answer (`max_tokens`, or the context
 * window), a tool call or structured answer whose input is not whole (core's
 * `isToolInputComplete`: a JSON object with its schema's required
 * properties) throws {@link truncatedOutputError}, as `generate()` does; a
 * whole one is delivered. The stop reason arrives after the blocks close, so
 * a call that does not look whole is held back until it does, then refused,
 * or delivered with the raw text as input when something else stopped the
 * answer.
 */
export class AnthropicStreamMapper {
  readonly #context: AnthropicStreamContext;
  /** Open blocks by wire index. */
  readonly #blocks = new Map<number, Block>();
  /** Indexes of blocks that have closed: a late delta or stop for one is ignored. */
  readonly #closed = new Set<number>();
  /** Closed tool calls (and a structured answer) whose input is not whole, awaiting the stop reason. */
  readonly #held: HeldToolCall[] = [];
  #heldStructured: string | undefined;
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
    // JSON.parse gives whatever the server sent: null, a number, an array...
    if (!isJsonObject(event)) throw this.#notAnObject('a stream event');
    switch (event.type) {
      case 'content_block_delta':
        this.#delta(event, out);
        return;
      case 'content_block_start':
        this.#start(event, out);
        return;
      case 'content_block_stop': {
        const block = this.#block(event, 'content_block_stop');
        if (block !== undefined) this.#stop(event.index!, block, out);
        return;
      }
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
        this.#messageDelta(event, out);
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

  #notAnObject(what: string): ResponseValidationError {
    const { provider, modelId } = this.#context;
    return new ResponseValidationError(
      `${provider} sent ${what} that is not a JSON object (model '${modelId}'); the stream is not a Messages stream.`,
      { provider, modelId },
    );
  }

  #block(event: AnthropicStreamEvent, type: string): Block | undefined {
    const index = event.index;
    const block = typeof index === 'number' ? this.#blocks.get(index) : undefined;
    if (block !== undefined) return block;
    // A late event for a block that has closed is ignored, as before.
    if (typeof index === 'number' && this.#closed.has(index)) return undefined;
    throw new ResponseValidationError(
      `${this.#context.provider} sent '${type}' for content block ${String(index)}, which never started (model '${this.#context.modelId}').`,
      { provider: this.#context.provider, modelId: this.#context.modelId },
    );
  }

  #start(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    const index = this.#newIndex(event.index);
    const source = event.content_block;
    const id = String(index);
    let block: Block;
    switch (source?.type) {
      case 'text': {
        block = { kind: 'text', id, toolName: '', data: '' };
        out.push({ type: 'text-start', id });
        const text = str(source.text);
        if (text !== '') {
          if (this.#keepText) this.#text += text;
          out.push({ type: 'text-delta', id, delta: text });
        }
        break;
      }
      case 'thinking': {
        block = { kind: 'reasoning', id, toolName: '', data: str(source.signature) };
        out.push({ type: 'reasoning-start', id });
        const thinking = str(source.thinking);
        if (thinking !== '') out.push({ type: 'reasoning-delta', id, delta: thinking });
        break;
      }
      case 'redacted_thinking':
        block = { kind: 'redacted', id, toolName: '', data: str(source.data) };
        out.push({ type: 'reasoning-start', id });
        break;
      case 'tool_use': {
        const toolName = str(source.name);
        if (toolName === this.#context.structuredToolName) {
          this.#usedStructuredTool = true;
          block = { kind: 'structured', id, toolName, data: '' };
          out.push({ type: 'text-start', id });
        } else {
          block = {
            kind: 'tool-call',
            id: str(source.id) || `tool_${id}`,
            toolName,
            data: '',
          };
          out.push({ type: 'tool-call-start', toolCallId: block.id, toolName });
        }
        break;
      }
      default:
        // Server tools (web search...) and block types added later.
        block = { kind: 'ignored', id, toolName: '', data: '' };
    }
    this.#blocks.set(index, block);
  }

  /**
   * The index a `content_block_start` opens: the one sent, when it is a
   * whole number not in use; else the next free one. A reused index or an
   * implausible number of open blocks is refused.
   */
  #newIndex(sent: unknown): number {
    const { provider, modelId } = this.#context;
    if (sent === undefined) {
      let index = this.#blocks.size + this.#closed.size;
      while (this.#blocks.has(index) || this.#closed.has(index)) index++;
      return this.#checkOpen(index);
    }
    if (typeof sent !== 'number' || !Number.isSafeInteger(sent) || sent < 0) {
      throw new ResponseValidationError(
        `${provider} sent a content block index that is not a whole number >= 0 (${typeof sent === 'number' ? String(sent) : `a ${typeof sent}`}) for model '${modelId}'.`,
        { provider, modelId },
      );
    }
    if (this.#blocks.has(sent)) {
      throw new ResponseValidationError(
        `${provider} started content block ${sent} again while it was open (model '${modelId}').`,
        { provider, modelId },
      );
    }
    // Some compatible servers number every block 0: a closed index may start again.
    this.#closed.delete(sent);
    return this.#checkOpen(sent);
  }

  #checkOpen(index: number): number {
    if (this.#blocks.size >= maxOpenBlocks) {
      const { provider, modelId } = this.#context;
      throw new ResponseValidationError(
        `${provider} opened more than ${maxOpenBlocks} content blocks at once (model '${modelId}'); the stream is not a Messages stream.`,
        { provider, modelId },
      );
    }
    return index;
  }

  #delta(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    const block = this.#block(event, 'content_block_delta');
    const delta = event.delta;
    if (block === undefined || delta === undefined) return;
    if (!isJsonObject(delta)) throw this.#notAnObject("the 'delta' of content_block_delta");
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
  #stop(index: number, block: Block, out: ChatStreamPart[]): void {
    this.#blocks.delete(index);
    this.#closed.add(index);
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
        if (!this.#whole(block.toolName, parseToolInput(block.data))) {
          if (this.#length()) throw this.#cut(undefined, block.data);
          if (this.#stopReason === undefined) this.#heldStructured = block.data;
        }
        return;
      case 'tool-call': {
        const input = parseToolInput(block.data);
        out.push({ type: 'tool-call-end', toolCallId: block.id });
        const part = {
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.toolName,
          input,
        } as const;
        if (this.#whole(block.toolName, input)) out.push(part);
        else if (this.#length()) throw this.#cut(block.toolName, block.data);
        else if (this.#stopReason === undefined) this.#held.push({ part, text: block.data });
        else out.push(part);
        return;
      }
      case 'ignored':
        return;
      default:
        block.kind satisfies never;
    }
  }

  #whole(toolName: string, input: unknown): boolean {
    return isToolInputComplete(input, anthropicToolSchema(this.#context.tools, toolName));
  }

  /** Whether the output limit stopped the answer. */
  #length(): boolean {
    return mapAnthropicStopReason(this.#stopReason).unified === 'length';
  }

  #cut(toolName: string | undefined, text: string): Error {
    return truncatedOutputError(this.#context, { toolName, text, stopReason: this.#stopReason });
  }

  /** The stop reason is known: refuses what the output limit cut, delivers the rest of what was held. */
  #settleHeld(out: ChatStreamPart[]): void {
    if (this.#length()) {
      const held = this.#held[0];
      if (held !== undefined) throw this.#cut(held.part.toolName, held.text);
      if (this.#heldStructured !== undefined) throw this.#cut(undefined, this.#heldStructured);
    }
    for (const held of this.#held) out.push(held.part);
    this.#held.length = 0;
    this.#heldStructured = undefined;
  }

  #messageDelta(event: AnthropicStreamEvent, out: ChatStreamPart[]): void {
    const delta = event.delta;
    if (typeof delta?.stop_reason === 'string') this.#stopReason = delta.stop_reason;
    if (typeof delta?.stop_sequence === 'string') this.#stopSequence = delta.stop_sequence;
    if (delta?.stop_details !== undefined && delta.stop_details !== null)
      this.#stopDetails = delta.stop_details;
    if (event.usage !== undefined) this.#deltaUsage = event.usage;
    if (this.#stopReason === undefined) return;
    if (this.#length()) {
      // Cut by the output limit: a tool call still open, or a structured answer, is incomplete
      // (fine-grained tool streaming sends no content_block_stop for the block it cut).
      for (const block of this.#blocks.values()) {
        if (block.kind === 'tool-call' && !this.#whole(block.toolName, parseToolInput(block.data)))
          throw this.#cut(block.toolName, block.data);
        if (block.kind === 'structured' && !this.#whole(block.toolName, parseToolInput(block.data)))
          throw this.#cut(undefined, block.data);
      }
      if (this.#context.structuredOutput === 'native') throw this.#cut(undefined, this.#text);
    }
    this.#settleHeld(out);
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
    for (const [index, block] of this.#blocks) this.#stop(index, block, out);
    this.#settleHeld(out);
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

function isJsonObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
