import {
  InvalidRequestError,
  type AssistantMessage,
  type ChatMessage,
  type ChatWarning,
  type ImagePart,
  type ReasoningPart,
  type ToolMessage,
  type UserMessage,
} from '@org/llm-core';
import type {
  AnthropicCacheControl,
  AnthropicContentBlockParam,
  AnthropicImageBlockParam,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
  AnthropicToolResultBlockParam,
} from './anthropic-api.ts';
import { readCacheControl, type OptionsContext } from './anthropic-provider-options.ts';
import type { AnthropicToolCallIds } from './anthropic-tool-call-ids.ts';

/** What the conversion needs besides the messages. */
export interface ConvertContext extends OptionsContext {
  /** Normalises tool-call ids and remembers the way back. */
  readonly ids: AnthropicToolCallIds;
}

/** The converted history: the hoisted system prompt, the turns and what could not be sent as is. */
export interface AnthropicPrompt {
  /** The top-level `system`: a string, or text blocks when one carries a cache breakpoint. */
  readonly system: string | AnthropicTextBlockParam[] | undefined;
  /** The turns, alternating roles, tool results right after their calls. */
  readonly messages: AnthropicMessageParam[];
  /** What was moved or dropped. */
  readonly warnings: ChatWarning[];
}

/** Image types the Messages API takes. */
const imageMediaTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const dataUrlPattern = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/is;

function invalid(path: string, message: string, context: OptionsContext): InvalidRequestError {
  return new InvalidRequestError(`Invalid chat request: ${path}: ${message}`, {
    provider: context.provider,
    modelId: context.modelId,
    issues: [{ path, message }],
  });
}

function base64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function checkMediaType(mediaType: string, path: string, context: OptionsContext): string {
  const normalised = mediaType.toLowerCase();
  if (!imageMediaTypes.has(normalised)) {
    throw invalid(
      path,
      `image type '${mediaType}' is not supported by Anthropic; use image/jpeg, image/png, image/gif or image/webp`,
      context,
    );
  }
  return normalised;
}

function convertImage(
  part: ImagePart,
  path: string,
  context: OptionsContext,
): AnthropicImageBlockParam {
  if ('url' in part) {
    const match = dataUrlPattern.exec(part.url);
    if (match === null) return { type: 'image', source: { type: 'url', url: part.url } };
    // Anthropic takes inline images as base64 with a separate media type, not as data: URLs.
    if (!/;base64$/i.test(match[2]!)) {
      throw invalid(
        `${path}.url`,
        'data: URLs must be base64-encoded (data:image/png;base64,...)',
        context,
      );
    }
    return {
      type: 'image',
      source: {
        type: 'base64',
        media_type: checkMediaType(match[1]!, `${path}.url`, context),
        data: match[3]!,
      },
    };
  }
  return {
    type: 'image',
    source: {
      type: 'base64',
      media_type: checkMediaType(part.mediaType, `${path}.mediaType`, context),
      data: base64(part.data),
    },
  };
}

function withCache<
  T extends Exclude<AnthropicContentBlockParam, { type: 'thinking' | 'redacted_thinking' }>,
>(block: T, cacheControl: AnthropicCacheControl | undefined): T {
  if (cacheControl !== undefined) block.cache_control = cacheControl;
  return block;
}

/** Sets a message-level breakpoint on the message's last block (where Anthropic wants it). */
function markLastBlock(
  blocks: AnthropicContentBlockParam[],
  cacheControl: AnthropicCacheControl | undefined,
): void {
  const last = blocks.at(-1);
  if (cacheControl === undefined || last === undefined) return;
  if (last.type === 'thinking' || last.type === 'redacted_thinking') return;
  last.cache_control = cacheControl;
}

/** A tool call's input as the object Anthropic requires, or `undefined` when it is not one. */
function toolInput(input: unknown): Record<string, unknown> | undefined {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      // Arguments the model produced as broken JSON: no object to send back.
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function toolResultText(output: unknown): string {
  if (typeof output === 'string') return output;
  const json = JSON.stringify(output) as string | undefined;
  return json ?? '';
}

/** Collects the warnings of one conversion, one line per kind. */
class WarningLog {
  readonly #paths = new Map<string, string[]>();
  add(kind: string, path: string): void {
    const list = this.#paths.get(kind);
    if (list === undefined) this.#paths.set(kind, [path]);
    else list.push(path);
  }
  toWarnings(): ChatWarning[] {
    return [...this.#paths].map(([kind, paths]) => ({
      type: 'other',
      message: kind.replace('{paths}', paths.join(', ')).replace('{n}', String(paths.length)),
    }));
  }
}

const systemMovedWarning =
  'Moved {n} system message(s) that came after other messages ({paths}) into the top-level system prompt: Anthropic takes system instructions only there, so they now apply to the whole conversation.';
const foreignReasoningWarning =
  'Dropped {n} reasoning part(s) from another provider ({paths}): Anthropic accepts back only its own signed thinking blocks.';
const unsignedReasoningWarning =
  'Dropped {n} reasoning part(s) without a signature ({paths}): Anthropic rejects thinking blocks it cannot verify.';
const brokenInputWarning =
  'Sent {n} tool call(s) whose input was not a JSON object ({paths}) with input {}: Anthropic requires an object.';

/**
 * Converts the neutral history to Messages API turns:
 *
 * - every system message (and `request.system`, first) is hoisted into the
 *   top-level `system`, joined by blank lines, or as text blocks when one
 *   carries a cache breakpoint; one after other messages adds a warning;
 * - consecutive messages of one role are merged into one turn;
 * - tool results become `tool_result` blocks in the user turn right after
 *   their `tool_use` turn, in call order, before any other user content;
 * - tool-call ids are normalised to `^[a-zA-Z0-9_-]+$` (see
 *   {@link AnthropicToolCallIds});
 * - reasoning parts go back as `thinking` blocks (with their signature) or
 *   `redacted_thinking` blocks; reasoning of another provider or without a
 *   signature is dropped with a warning;
 * - images become base64 or URL image blocks;
 * - `providerOptions.anthropic.cacheControl` on a part marks that block, on
 *   a message its last block.
 *
 * Empty assistant text parts are skipped (Anthropic rejects empty text
 * blocks, and they carry nothing).
 */
export function convertToAnthropicMessages(
  system: string | undefined,
  messages: readonly ChatMessage[],
  context: ConvertContext,
): AnthropicPrompt {
  const log = new WarningLog();
  const systemBlocks: AnthropicTextBlockParam[] = [];
  let systemCached = false;
  if (system !== undefined && system !== '') systemBlocks.push({ type: 'text', text: system });

  const out: AnthropicMessageParam[] = [];
  let seenConversation = false;
  /** Call order of the last assistant turn's tool calls, by wire id. */
  let callOrder = new Map<string, number>();

  const turn = (role: 'user' | 'assistant'): AnthropicContentBlockParam[] => {
    const last = out.at(-1);
    if (last?.role === role) return last.content;
    const content: AnthropicContentBlockParam[] = [];
    out.push({ role, content });
    return content;
  };

  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    const path = `messages[${index}]`;
    switch (message.role) {
      case 'system': {
        if (seenConversation) log.add(systemMovedWarning, path);
        const cacheControl = readCacheControl(message.providerOptions, path, context);
        if (cacheControl !== undefined) systemCached = true;
        if (message.content !== '') {
          systemBlocks.push(withCache({ type: 'text', text: message.content }, cacheControl));
        }
        break;
      }
      case 'user':
        seenConversation = true;
        convertUser(message, path, turn('user'), context);
        break;
      case 'assistant': {
        seenConversation = true;
        const blocks = convertAssistant(message, path, context, log);
        if (blocks.length === 0) break;
        callOrder = new Map();
        for (const block of blocks) {
          if (block.type === 'tool_use') callOrder.set(block.id, callOrder.size);
        }
        turn('assistant').push(...blocks);
        break;
      }
      case 'tool':
        seenConversation = true;
        addToolResults(message, path, turn('user'), callOrder, context);
        break;
      default:
        message satisfies never;
    }
  }

  let systemOut: AnthropicPrompt['system'];
  if (systemBlocks.length > 0) {
    systemOut = systemCached ? systemBlocks : systemBlocks.map((block) => block.text).join('\n\n');
  }
  return { system: systemOut, messages: out, warnings: log.toWarnings() };
}

function convertUser(
  message: UserMessage,
  path: string,
  blocks: AnthropicContentBlockParam[],
  context: ConvertContext,
): void {
  const start = blocks.length;
  if (typeof message.content === 'string') {
    blocks.push({ type: 'text', text: message.content });
  } else {
    message.content.forEach((part, partIndex) => {
      const partPath = `${path}.content[${partIndex}]`;
      const cacheControl = readCacheControl(part.providerOptions, partPath, context);
      blocks.push(
        part.type === 'text'
          ? withCache({ type: 'text', text: part.text }, cacheControl)
          : withCache(convertImage(part, partPath, context), cacheControl),
      );
    });
  }
  if (blocks.length > start) {
    markLastBlock(blocks, readCacheControl(message.providerOptions, path, context));
  }
}

function convertReasoning(
  part: ReasoningPart,
  path: string,
  context: ConvertContext,
  log: WarningLog,
): AnthropicContentBlockParam | undefined {
  if (
    part.provider !== undefined &&
    part.provider !== context.provider &&
    part.provider !== 'anthropic'
  ) {
    log.add(foreignReasoningWarning, path);
    return undefined;
  }
  if (part.redactedData !== undefined)
    return { type: 'redacted_thinking', data: part.redactedData };
  if (part.signature !== undefined) {
    return { type: 'thinking', thinking: part.text, signature: part.signature };
  }
  log.add(unsignedReasoningWarning, path);
  return undefined;
}

function convertAssistant(
  message: AssistantMessage,
  path: string,
  context: ConvertContext,
  log: WarningLog,
): AnthropicContentBlockParam[] {
  const blocks: AnthropicContentBlockParam[] = [];
  if (typeof message.content === 'string') {
    if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  } else {
    message.content.forEach((part, partIndex) => {
      const partPath = `${path}.content[${partIndex}]`;
      switch (part.type) {
        case 'text':
          if (part.text !== '') {
            blocks.push(
              withCache(
                { type: 'text', text: part.text },
                readCacheControl(part.providerOptions, partPath, context),
              ),
            );
          }
          break;
        case 'tool-call': {
          const input = toolInput(part.input);
          if (input === undefined) log.add(brokenInputWarning, partPath);
          blocks.push(
            withCache(
              {
                type: 'tool_use',
                id: context.ids.toAnthropic(part.toolCallId),
                name: part.toolName,
                input: input ?? {},
              },
              readCacheControl(part.providerOptions, partPath, context),
            ),
          );
          break;
        }
        case 'reasoning': {
          const block = convertReasoning(part, partPath, context, log);
          if (block !== undefined) blocks.push(block);
          break;
        }
        default:
          part satisfies never;
      }
    });
  }
  markLastBlock(blocks, readCacheControl(message.providerOptions, path, context));
  return blocks;
}

function addToolResults(
  message: ToolMessage,
  path: string,
  blocks: AnthropicContentBlockParam[],
  callOrder: ReadonlyMap<string, number>,
  context: ConvertContext,
): void {
  message.content.forEach((part, partIndex) => {
    const block: AnthropicToolResultBlockParam = {
      type: 'tool_result',
      tool_use_id: context.ids.toAnthropic(part.toolCallId),
      content: toolResultText(part.output),
      ...(part.isError === true ? { is_error: true } : {}),
    };
    blocks.push(
      withCache(
        block,
        readCacheControl(part.providerOptions, `${path}.content[${partIndex}]`, context),
      ),
    );
  });
  markLastBlock(blocks, readCacheControl(message.providerOptions, path, context));
  // Anthropic wants the results first in the turn and answers matched to calls
  // in order; a stable sort keeps any later user content after them.
  const rank = (block: AnthropicContentBlockParam): number =>
    block.type === 'tool_result'
      ? (callOrder.get(block.tool_use_id) ?? callOrder.size)
      : callOrder.size + 1;
  blocks.sort((a, b) => rank(a) - rank(b));
}
