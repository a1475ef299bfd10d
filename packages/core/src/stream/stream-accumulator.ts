import { ResponseValidationError } from '../errors/transport-errors.ts';
import type { PartialChatResult } from '../errors/transport-errors.ts';
import type { AssistantContentPart, ToolCallPart } from '../messages/content-parts.ts';
import type { ChatResult, ProviderMetadata, ResponseInfo } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import type { FinishReason } from '../spec/finish-reason.ts';
import { createUsage, mergeUsage, type Usage } from '../spec/usage.ts';
import type { ChatWarning } from '../spec/warning.ts';

type Block =
  | { readonly kind: 'text'; readonly id: string; readonly chunks: string[]; open: boolean }
  | {
      readonly kind: 'reasoning';
      readonly id: string;
      readonly chunks: string[];
      open: boolean;
      signature: string | undefined;
      redactedData: string | undefined;
    }
  | {
      readonly kind: 'tool-call';
      readonly id: string;
      readonly toolName: string;
      state: 'open' | 'ended' | 'complete';
      call: ToolCallPart | undefined;
    };

/**
 * Checks the part-order invariants of a stream and builds its result as
 * parts pass. One instance per stream; `accept` throws a
 * `ResponseValidationError` naming the broken rule.
 *
 * This runs once per chunk, so it uses a `switch` with a `never` check
 * rather than ts-pattern (which allocates per call); a new part type still
 * fails the type check until it is handled here.
 */
export class StreamAccumulator {
  #index = 0;
  #current = 0;
  #committed = false;
  #finished = false;
  readonly #blocks: Block[] = [];
  readonly #byId = new Map<string, Block>();
  #warnings: readonly ChatWarning[] = [];
  #response: ResponseInfo = {};
  #usage: Usage = createUsage();
  #finishReason: FinishReason | undefined;
  #providerMetadata: ProviderMetadata | undefined;

  readonly #source: string;

  /** @param source Names the stream in error messages, e.g. `openai:gpt-4o`. */
  constructor(source: string) {
    this.#source = source;
  }

  /**
   * Whether content has passed (the stream's commit point): a non-empty text,
   * reasoning or tool-argument delta, redacted reasoning, or a complete tool
   * call. Opening a block (`text-start`, `tool-call-start`) shows nothing yet,
   * so a failure right after it can still be retried.
   */
  get committed(): boolean {
    return this.#committed;
  }

  /** Whether the `finish` part has passed. */
  get finished(): boolean {
    return this.#finished;
  }

  #violation(rule: string): never {
    throw new ResponseValidationError(
      `Invalid stream from ${this.#source}: ${rule} (part #${this.#current}). This is a bug in the adapter or the provider's stream.`,
    );
  }

  #block(kind: Block['kind'], id: string, type: string): Block {
    const block = this.#byId.get(id);
    if (block?.kind !== kind)
      this.#violation(`'${type}' for ${kind} id '${id}' that was never started`);
    return block;
  }

  #start(block: Block, type: string): void {
    if (this.#byId.has(block.id)) this.#violation(`${type} reuses id '${block.id}'`);
    this.#byId.set(block.id, block);
    this.#blocks.push(block);
  }

  /** Checks one part against the invariants and records it. */
  accept(part: ChatStreamPart): void {
    const index = this.#index++;
    this.#current = index;
    if (this.#finished)
      this.#violation(`'${part.type}' after 'finish'; finish must be the last part`);
    switch (part.type) {
      case 'stream-start':
        if (index !== 0) this.#violation(`'stream-start' must be the first part`);
        this.#warnings = part.warnings;
        return;
      case 'response-metadata':
        this.#response = {
          id: part.id ?? this.#response.id,
          modelId: part.modelId ?? this.#response.modelId,
          headers: part.headers ?? this.#response.headers,
        };
        if (part.usage !== undefined) this.#usage = mergeUsage(this.#usage, part.usage);
        return;
      case 'text-start':
        this.#start({ kind: 'text', id: part.id, chunks: [], open: true }, part.type);
        return;
      case 'text-delta': {
        const block = this.#block('text', part.id, part.type) as Extract<Block, { kind: 'text' }>;
        if (!block.open)
          this.#violation(`'text-delta' for text id '${part.id}' after its 'text-end'`);
        block.chunks.push(part.delta);
        if (part.delta !== '') this.#committed = true;
        return;
      }
      case 'text-end': {
        const block = this.#block('text', part.id, part.type) as Extract<Block, { kind: 'text' }>;
        if (!block.open) this.#violation(`second 'text-end' for text id '${part.id}'`);
        block.open = false;
        return;
      }
      case 'reasoning-start':
        this.#start(
          {
            kind: 'reasoning',
            id: part.id,
            chunks: [],
            open: true,
            signature: undefined,
            redactedData: undefined,
          },
          part.type,
        );
        return;
      case 'reasoning-delta': {
        const block = this.#block('reasoning', part.id, part.type) as Extract<
          Block,
          { kind: 'reasoning' }
        >;
        if (!block.open)
          this.#violation(
            `'reasoning-delta' for reasoning id '${part.id}' after its 'reasoning-end'`,
          );
        block.chunks.push(part.delta);
        if (part.delta !== '') this.#committed = true;
        return;
      }
      case 'reasoning-end': {
        const block = this.#block('reasoning', part.id, part.type) as Extract<
          Block,
          { kind: 'reasoning' }
        >;
        if (!block.open) this.#violation(`second 'reasoning-end' for reasoning id '${part.id}'`);
        block.open = false;
        block.signature = part.signature;
        block.redactedData = part.redactedData;
        if (part.redactedData !== undefined) this.#committed = true;
        return;
      }
      case 'tool-call-start':
        this.#start(
          {
            kind: 'tool-call',
            id: part.toolCallId,
            toolName: part.toolName,
            state: 'open',
            call: undefined,
          },
          part.type,
        );
        return;
      case 'tool-call-delta': {
        const block = this.#block('tool-call', part.toolCallId, part.type) as Extract<
          Block,
          { kind: 'tool-call' }
        >;
        if (block.state !== 'open')
          this.#violation(
            `'tool-call-delta' for tool call '${part.toolCallId}' after its 'tool-call-end'`,
          );
        if (part.delta !== '') this.#committed = true;
        return;
      }
      case 'tool-call-end': {
        const block = this.#block('tool-call', part.toolCallId, part.type) as Extract<
          Block,
          { kind: 'tool-call' }
        >;
        if (block.state !== 'open')
          this.#violation(`second 'tool-call-end' for tool call '${part.toolCallId}'`);
        block.state = 'ended';
        return;
      }
      case 'tool-call': {
        this.#committed = true;
        const call: ToolCallPart = {
          type: 'tool-call',
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
          ...(part.providerOptions === undefined ? {} : { providerOptions: part.providerOptions }),
        };
        const block = this.#byId.get(part.toolCallId);
        if (block === undefined) {
          this.#start(
            {
              kind: 'tool-call',
              id: part.toolCallId,
              toolName: part.toolName,
              state: 'complete',
              call,
            },
            part.type,
          );
          return;
        }
        if (block.kind !== 'tool-call' || block.state !== 'ended') {
          this.#violation(
            `'tool-call' for '${part.toolCallId}' must follow its 'tool-call-end' exactly once`,
          );
        }
        block.state = 'complete';
        block.call = call;
        return;
      }
      case 'finish': {
        for (const block of this.#blocks) {
          const open = block.kind === 'tool-call' ? block.state !== 'complete' : block.open;
          if (open) this.#violation(`'finish' while ${block.kind} '${block.id}' was still open`);
        }
        this.#finished = true;
        this.#usage = mergeUsage(this.#usage, part.usage);
        this.#finishReason = part.finishReason;
        this.#providerMetadata = part.providerMetadata;
        return;
      }
      default:
        part satisfies never;
        this.#violation(`unknown part type '${(part as { type: string }).type}'`);
    }
  }

  /** The content parts so far; open text and reasoning blocks are included as they stand. */
  content(provider: string): AssistantContentPart[] {
    const out: AssistantContentPart[] = [];
    for (const block of this.#blocks) {
      switch (block.kind) {
        case 'text':
          out.push({ type: 'text', text: block.chunks.join('') });
          break;
        case 'reasoning':
          out.push({
            type: 'reasoning',
            text: block.chunks.join(''),
            provider,
            ...(block.signature === undefined ? {} : { signature: block.signature }),
            ...(block.redactedData === undefined ? {} : { redactedData: block.redactedData }),
          });
          break;
        case 'tool-call':
          if (block.call !== undefined) out.push(block.call);
          break;
        default:
          block satisfies never;
      }
    }
    return out;
  }

  /** What arrived so far, for a `StreamInterruptedError`. */
  partial(provider: string): PartialChatResult {
    const content = this.content(provider);
    return {
      content,
      text: joinText(content),
      toolCalls: content.filter((part): part is ToolCallPart => part.type === 'tool-call'),
      usage: this.#usage,
      finishReason: this.#finishReason,
    };
  }

  /** The complete result; only valid once `finished`. */
  result(provider: string): ChatResult {
    const content = this.content(provider);
    return {
      content,
      text: joinText(content),
      toolCalls: content.filter((part): part is ToolCallPart => part.type === 'tool-call'),
      finishReason: this.#finishReason ?? { unified: 'other', raw: undefined },
      usage: this.#usage,
      response: this.#response,
      warnings: this.#warnings,
      ...(this.#providerMetadata === undefined ? {} : { providerMetadata: this.#providerMetadata }),
    };
  }
}

function joinText(content: readonly AssistantContentPart[]): string {
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}
