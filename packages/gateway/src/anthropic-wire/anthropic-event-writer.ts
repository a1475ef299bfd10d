import type { ChatStreamPart, Usage } from '@org/llm-core';
import type { AnthropicAnswerIdentity } from './render-anthropic-message.ts';
import { jsonText } from '../http/json-text.ts';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';

type BlockKind = 'text' | 'thinking' | 'tool_use';

/** A neutral content block on its way to the wire. */
interface Block {
  readonly kind: BlockKind;
  readonly id: string;
  readonly toolName?: string | undefined;
  /** Wire index, given when the block becomes the open one. */
  index: number;
  /** Whether `content_block_start` was sent (a thinking block waits to know whether it is redacted). */
  opened: boolean;
  /** Parts that arrived while another block was open. */
  readonly pending: ChatStreamPart[];
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: {"type":"${type}"${data === '' ? '' : `,${data}`}}\n\n`;
}

/**
 * Turns neutral stream parts into Messages API SSE events, as
 * api.anthropic.com sends them: `message_start`, then per block
 * `content_block_start`, its deltas and `content_block_stop`, then
 * `message_delta` (stop reason and final usage, input tokens included) and
 * `message_stop`.
 *
 * Anthropic's blocks never interleave, while neutral blocks may (another
 * provider's parallel tool calls): a block that opens while another is open
 * is held back and sent whole, in order, once the open one closes. A
 * thinking block opens at its first delta, or at its end as a
 * `redacted_thinking` block when it carries redacted data only.
 */
export class AnthropicEventWriter {
  #id: string;
  #model: string;
  #inputUsage: Partial<Usage> = {};
  #started = false;
  #nextIndex = 0;
  #open: Block | undefined;
  readonly #queue: Block[] = [];
  readonly #blocks = new Map<string, Block>();

  constructor(identity: AnthropicAnswerIdentity) {
    this.#id = identity.id;
    this.#model = identity.model;
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    const usage = toAnthropicUsage(this.#inputUsage);
    return event(
      'message_start',
      `"message":{"id":${JSON.stringify(this.#id)},"type":"message","role":"assistant","model":${JSON.stringify(this.#model)},"content":[],"stop_reason":null,"stop_sequence":null,"usage":${JSON.stringify({ ...usage, output_tokens: 0 })}}`,
    );
  }

  #blockStart(block: Block, contentBlock: string): string {
    block.opened = true;
    return event('content_block_start', `"index":${block.index},"content_block":${contentBlock}`);
  }

  #openBlock(block: Block): string {
    switch (block.kind) {
      case 'text':
        return this.#blockStart(block, '{"type":"text","text":""}');
      case 'tool_use':
        return this.#blockStart(
          block,
          `{"type":"tool_use","id":${JSON.stringify(block.id)},"name":${JSON.stringify(block.toolName ?? '')},"input":{}}`,
        );
      case 'thinking':
        return ''; // opened by its first delta or its end
    }
  }

  #delta(block: Block, delta: string): string {
    return event('content_block_delta', `"index":${block.index},"delta":${delta}`);
  }

  /** Makes `block` the open one and sends what it holds; returns whether it is still open. */
  #activate(block: Block): string {
    block.index = this.#nextIndex++;
    this.#open = block;
    let out = this.#openBlock(block);
    for (const part of block.pending.splice(0)) out += this.#render(block, part);
    return out;
  }

  /** Closes the open block and sends the blocks held back meanwhile. */
  #close(block: Block): string {
    let out = event('content_block_stop', `"index":${block.index}`);
    this.#open = undefined;
    // The next held block opens; if it already ended, closing it opens the one after.
    const next = this.#queue.shift();
    if (next !== undefined) out += this.#activate(next);
    return out;
  }

  #render(block: Block, part: ChatStreamPart): string {
    switch (part.type) {
      case 'text-delta':
        return part.delta === ''
          ? ''
          : this.#delta(block, `{"type":"text_delta","text":${JSON.stringify(part.delta)}}`);
      case 'tool-call-delta':
        return part.delta === ''
          ? ''
          : this.#delta(
              block,
              `{"type":"input_json_delta","partial_json":${JSON.stringify(part.delta)}}`,
            );
      case 'reasoning-delta': {
        if (part.delta === '') return '';
        const opening = block.opened
          ? ''
          : this.#blockStart(block, '{"type":"thinking","thinking":"","signature":""}');
        return (
          opening +
          this.#delta(block, `{"type":"thinking_delta","thinking":${JSON.stringify(part.delta)}}`)
        );
      }
      case 'reasoning-end': {
        let out = '';
        if (!block.opened) {
          out +=
            part.redactedData === undefined
              ? this.#blockStart(block, '{"type":"thinking","thinking":"","signature":""}')
              : this.#blockStart(
                  block,
                  `{"type":"redacted_thinking","data":${JSON.stringify(part.redactedData)}}`,
                );
        }
        if (part.signature !== undefined && part.redactedData === undefined) {
          out += this.#delta(
            block,
            `{"type":"signature_delta","signature":${JSON.stringify(part.signature)}}`,
          );
        }
        return out + this.#close(block);
      }
      case 'text-end':
      case 'tool-call-end':
        return this.#close(block);
      default:
        return '';
    }
  }

  #begin(kind: BlockKind, id: string, toolName?: string): string {
    const block: Block = { kind, id, toolName, index: -1, opened: false, pending: [] };
    this.#blocks.set(`${kind}:${id}`, block);
    if (this.#open === undefined) return this.#activate(block);
    this.#queue.push(block);
    return '';
  }

  #continue(kind: BlockKind, id: string, part: ChatStreamPart): string {
    const block = this.#blocks.get(`${kind}:${id}`);
    if (block === undefined) return '';
    if (block !== this.#open) {
      block.pending.push(part);
      return '';
    }
    return this.#render(block, part);
  }

  /** The SSE text for one part ('' when it shows nothing on this wire). */
  write(part: ChatStreamPart): string {
    switch (part.type) {
      case 'response-metadata':
        if (!this.#started) {
          if (part.id !== undefined) this.#id = part.id;
          if (part.modelId !== undefined) this.#model = part.modelId;
          if (part.usage !== undefined) this.#inputUsage = { ...this.#inputUsage, ...part.usage };
        }
        return '';
      case 'stream-start':
        return '';
      case 'text-start':
        return this.#start() + this.#begin('text', part.id);
      case 'reasoning-start':
        return this.#start() + this.#begin('thinking', part.id);
      case 'tool-call-start':
        return this.#start() + this.#begin('tool_use', part.toolCallId, part.toolName);
      case 'text-delta':
      case 'text-end':
        return this.#start() + this.#continue('text', part.id, part);
      case 'reasoning-delta':
      case 'reasoning-end':
        return this.#start() + this.#continue('thinking', part.id, part);
      case 'tool-call-delta':
      case 'tool-call-end':
        return this.#start() + this.#continue('tool_use', part.toolCallId, part);
      case 'tool-call': {
        if (this.#blocks.has(`tool_use:${part.toolCallId}`)) return '';
        // A complete call without a streamed block before it: send it as one block.
        const json = typeof part.input === 'string' ? '{}' : jsonText(part.input, '{}');
        let out = this.#start() + this.#begin('tool_use', part.toolCallId, part.toolName);
        out += this.#continue('tool_use', part.toolCallId, {
          type: 'tool-call-delta',
          toolCallId: part.toolCallId,
          delta: json,
        });
        return (
          out +
          this.#continue('tool_use', part.toolCallId, {
            type: 'tool-call-end',
            toolCallId: part.toolCallId,
          })
        );
      }
      case 'finish': {
        let out = this.#start();
        // A block left open by the upstream is closed before the message ends.
        while (this.#open !== undefined) out += this.#close(this.#open);
        const usage = toAnthropicUsage({ ...this.#inputUsage, ...definedUsage(part.usage) });
        out += event(
          'message_delta',
          `"delta":{"stop_reason":${JSON.stringify(toAnthropicStopReason(part.finishReason))},"stop_sequence":null},"usage":${JSON.stringify(usage)}`,
        );
        return out + event('message_stop', '');
      }
    }
  }

  /**
   * The event that ends a stream that failed after it started: Anthropic's
   * in-band `error` event, which the official SDK raises as an API error.
   */
  error(body: { readonly error: { readonly type: string; readonly message: string } }): string {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: body.error })}\n\n`;
  }
}

function definedUsage(usage: Usage): Partial<Usage> {
  const out: Partial<Record<keyof Usage, number>> = {};
  for (const [key, value] of Object.entries(usage) as [keyof Usage, number | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
