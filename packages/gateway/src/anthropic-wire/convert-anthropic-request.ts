import {
  InvalidRequestError,
  type AssistantContentPart,
  type ChatMessage,
  type ChatRequest,
  type ProviderOptions,
  type ToolResultPart,
  type UserContentPart,
} from '@org/llm-core';
import type {
  AnthropicInboundBlock,
  AnthropicInboundMessage,
  AnthropicMessagesRequestBody,
} from './anthropic-request-schema.ts';

/** A Messages request turned into the neutral request, with how to answer it. */
export interface ConvertedAnthropicRequest {
  /** The model name the client asked for. */
  readonly model: string;
  /** The neutral request (without `abortSignal`, which the route adds). */
  readonly request: ChatRequest;
  /** Whether to answer with an SSE stream. */
  readonly stream: boolean;
}

function invalid(path: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`${path}: ${message}`, {
    status: 400,
    issues: [{ path, message }],
  });
}

type CacheControl = { readonly type: 'ephemeral'; readonly ttl?: '5m' | '1h' | undefined } | null;

/** `providerOptions` carrying a block's `cache_control`, for the Anthropic adapter to send back. */
function cacheOptions(
  cache: CacheControl | undefined,
): { providerOptions: ProviderOptions } | Record<string, never> {
  if (cache === undefined || cache === null) return {};
  const cacheControl =
    cache.ttl === undefined ? { type: cache.type } : { type: cache.type, ttl: cache.ttl };
  return { providerOptions: { anthropic: { cacheControl } } };
}

function unsupportedBlock(path: string, type: string): InvalidRequestError {
  return invalid(
    `${path}.type`,
    `'${type}' blocks are not supported by this gateway; send text, image, tool_use, tool_result and thinking blocks`,
  );
}

function imagePart(block: Extract<AnthropicInboundBlock, { type: 'image' }>): UserContentPart {
  const source = block.source;
  return source.type === 'url'
    ? { type: 'image', url: source.url, ...cacheOptions(block.cache_control) }
    : {
        type: 'image',
        data: source.data,
        mediaType: source.media_type,
        ...cacheOptions(block.cache_control),
      };
}

function toolResultOutput(
  block: Extract<AnthropicInboundBlock, { type: 'tool_result' }>,
  path: string,
): string {
  const content = block.content;
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (part.type !== 'text') {
        throw invalid(
          `${path}.content.${index}`,
          'images in tool results are not supported by this gateway; describe the image in text',
        );
      }
      return part.text;
    })
    .join('');
}

/** A user turn: its tool results become a tool message, the rest a user message after it. */
function convertUser(
  message: AnthropicInboundMessage,
  path: string,
  toolNames: ReadonlyMap<string, string>,
): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const results: ToolResultPart[] = [];
  const parts: UserContentPart[] = [];
  message.content.forEach((block, index) => {
    const at = `${path}.content.${index}`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text, ...cacheOptions(block.cache_control) });
        break;
      case 'image':
        parts.push(imagePart(block));
        break;
      case 'tool_result': {
        const toolName = toolNames.get(block.tool_use_id);
        if (toolName === undefined) {
          throw invalid(
            `${at}.tool_use_id`,
            `'${block.tool_use_id}' does not answer any tool_use block of an earlier assistant message`,
          );
        }
        results.push({
          type: 'tool-result',
          toolCallId: block.tool_use_id,
          toolName,
          output: toolResultOutput(block, at),
          ...(block.is_error === undefined ? {} : { isError: block.is_error }),
          ...cacheOptions(block.cache_control),
        });
        break;
      }
      case 'unsupported':
        throw unsupportedBlock(at, block.blockType);
      default:
        throw invalid(`${at}.type`, `'${block.type}' blocks belong in assistant messages`);
    }
  });
  const out: ChatMessage[] = [];
  if (results.length > 0) out.push({ role: 'tool', content: results });
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function convertAssistant(
  message: AnthropicInboundMessage,
  path: string,
  toolNames: Map<string, string>,
): ChatMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  const content: AssistantContentPart[] = message.content.map((block, index) => {
    const at = `${path}.content.${index}`;
    switch (block.type) {
      case 'text':
        return { type: 'text', text: block.text, ...cacheOptions(block.cache_control) };
      case 'tool_use':
        toolNames.set(block.id, block.name);
        return {
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.name,
          input: block.input ?? {},
          ...cacheOptions(block.cache_control),
        };
      case 'thinking':
        return {
          type: 'reasoning',
          text: block.thinking,
          signature: block.signature,
          provider: 'anthropic',
        };
      case 'redacted_thinking':
        return { type: 'reasoning', text: '', redactedData: block.data, provider: 'anthropic' };
      case 'unsupported':
        throw unsupportedBlock(at, block.blockType);
      default:
        throw invalid(`${at}.type`, `'${block.type}' blocks belong in user messages`);
    }
  });
  return { role: 'assistant', content };
}

function convertSystem(system: AnthropicMessagesRequestBody['system']): {
  system?: string;
  messages: ChatMessage[];
} {
  if (system === undefined) return { messages: [] };
  if (typeof system === 'string')
    return system === '' ? { messages: [] } : { system, messages: [] };
  // A cache breakpoint on a system block survives only as a system message carrying it.
  if (system.some((block) => block.cache_control !== undefined && block.cache_control !== null)) {
    return {
      messages: system.map((block) => ({
        role: 'system' as const,
        content: block.text,
        ...cacheOptions(block.cache_control),
      })),
    };
  }
  const text = system.map((block) => block.text).join('\n\n');
  return text === '' ? { messages: [] } : { system: text, messages: [] };
}

function convertTools(
  tools: NonNullable<AnthropicMessagesRequestBody['tools']>,
): NonNullable<ChatRequest['tools']> {
  return tools.map((tool, index) => {
    if (tool.type !== undefined && tool.type !== 'custom') {
      throw invalid(
        `tools.${index}.type`,
        `server tools ('${tool.type}') are not supported by this gateway; define client tools with name and input_schema`,
      );
    }
    if (tool.input_schema === undefined) {
      throw invalid(`tools.${index}.input_schema`, 'Field required');
    }
    return {
      name: tool.name,
      inputSchema: tool.input_schema,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      ...cacheOptions(tool.cache_control),
    };
  });
}

function convertToolChoice(
  choice: NonNullable<AnthropicMessagesRequestBody['tool_choice']>,
): Pick<ChatRequest, 'toolChoice' | 'parallelToolCalls'> {
  const parallel =
    'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true
      ? { parallelToolCalls: false }
      : {};
  switch (choice.type) {
    case 'auto':
      return { toolChoice: 'auto', ...parallel };
    case 'any':
      return { toolChoice: 'required', ...parallel };
    case 'tool':
      return { toolChoice: { type: 'tool', toolName: choice.name }, ...parallel };
    case 'none':
      return { toolChoice: 'none' };
  }
}

/**
 * Maps a checked Messages body to the neutral request: the top-level
 * `system` to `system`; a user turn's `tool_result` blocks to a tool message
 * (before the turn's other content), naming the tool of the `tool_use` they
 * answer; `thinking` blocks to reasoning parts with their signature;
 * `cache_control` to `providerOptions.anthropic.cacheControl`;
 * `max_tokens`, `stop_sequences`, `temperature`, `top_p`, `tool_choice` (`any`
 * is `required`) and `thinking.budget_tokens` to their neutral fields;
 * `top_k` and other `thinking` modes pass to Anthropic models through
 * `providerOptions.anthropic`. Documents, server tools and images in tool
 * results are refused with a 400 naming the block.
 */
export function convertAnthropicRequest(
  body: AnthropicMessagesRequestBody,
): ConvertedAnthropicRequest {
  const { system, messages: systemMessages } = convertSystem(body.system);
  const messages: ChatMessage[] = [...systemMessages];
  const toolNames = new Map<string, string>();
  body.messages.forEach((message, index) => {
    const path = `messages.${index}`;
    if (message.role === 'user') messages.push(...convertUser(message, path, toolNames));
    else messages.push(convertAssistant(message, path, toolNames));
  });
  const passthrough: Record<string, unknown> = {};
  if (body.top_k !== undefined) passthrough.top_k = body.top_k;
  if (body.thinking !== undefined && body.thinking.type !== 'enabled') {
    passthrough.thinking = body.thinking;
  }
  const userId = body.metadata?.user_id;
  const request: ChatRequest = {
    messages,
    maxOutputTokens: body.max_tokens,
    ...(system === undefined ? {} : { system }),
    ...(body.tools === undefined ? {} : { tools: convertTools(body.tools) }),
    ...(body.tool_choice === undefined ? {} : convertToolChoice(body.tool_choice)),
    ...(body.stop_sequences === undefined || body.stop_sequences.length === 0
      ? {}
      : { stop: body.stop_sequences }),
    ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
    ...(body.top_p === undefined ? {} : { topP: body.top_p }),
    ...(body.thinking?.type === 'enabled'
      ? { reasoning: { budgetTokens: body.thinking.budget_tokens } }
      : {}),
    ...(Object.keys(passthrough).length === 0
      ? {}
      : { providerOptions: { anthropic: passthrough } }),
    ...(userId === undefined || userId === null ? {} : { metadata: { user: userId } }),
  };
  return { model: body.model, request, stream: body.stream === true };
}
