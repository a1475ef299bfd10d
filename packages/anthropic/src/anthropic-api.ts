import { ResponseValidationError } from '@org/llm-core';
import { formatPath } from '@org/llm-core/adapter-kit';
import { z } from 'zod';

// Wire shapes of the Messages API as this adapter uses them. Requests are
// typed here (not with the SDK's types, which follow API version 2026-10-21
// only and must not leak); responses are read with small, lenient zod
// schemas: unknown fields and unknown block types pass, a missing field we
// need is a ResponseValidationError naming it. Stream events are not parsed
// with zod (one switch per event keeps the hot path lean; see
// AnthropicStreamMapper).

/** `cache_control` on a block, a message's last block, a tool or the request. */
export interface AnthropicCacheControl {
  readonly type: 'ephemeral';
  /** Lifetime of the cache entry; the API default is `5m`. */
  readonly ttl?: '5m' | '1h';
}

/** A text block of a request. */
export interface AnthropicTextBlockParam {
  readonly type: 'text';
  readonly text: string;
  cache_control?: AnthropicCacheControl;
}

/** An image block of a request: inline base64 or a URL. */
export interface AnthropicImageBlockParam {
  readonly type: 'image';
  readonly source:
    | { readonly type: 'base64'; readonly media_type: string; readonly data: string }
    | { readonly type: 'url'; readonly url: string };
  cache_control?: AnthropicCacheControl;
}

/** A tool call of an earlier assistant turn. */
export interface AnthropicToolUseBlockParam {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
  cache_control?: AnthropicCacheControl;
}

/** A tool result, in the user turn right after its `tool_use`. */
export interface AnthropicToolResultBlockParam {
  readonly type: 'tool_result';
  readonly tool_use_id: string;
  readonly content: string;
  readonly is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** A thinking block sent back unchanged, with its signature. */
export interface AnthropicThinkingBlockParam {
  readonly type: 'thinking';
  readonly thinking: string;
  readonly signature: string;
}

/** A redacted thinking block sent back unchanged. */
export interface AnthropicRedactedThinkingBlockParam {
  readonly type: 'redacted_thinking';
  readonly data: string;
}

/** Any content block this adapter sends. */
export type AnthropicContentBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicToolResultBlockParam
  | AnthropicThinkingBlockParam
  | AnthropicRedactedThinkingBlockParam;

/** A message of a request. */
export interface AnthropicMessageParam {
  readonly role: 'user' | 'assistant';
  readonly content: AnthropicContentBlockParam[];
}

/** A tool definition. */
export interface AnthropicToolParam {
  readonly name: string;
  readonly description?: string;
  readonly input_schema: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** `tool_choice`. */
export type AnthropicToolChoiceParam =
  | { readonly type: 'auto' | 'any'; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'tool'; readonly name: string; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'none' };

/** `thinking`. */
export type AnthropicThinkingParam =
  | { readonly type: 'enabled'; readonly budget_tokens: number }
  | { readonly type: 'adaptive' }
  | { readonly type: 'disabled' };

/** A Messages request body, as this adapter builds it (other fields come from `providerOptions.anthropic`). */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlockParam[];
  tools?: unknown[];
  tool_choice?: AnthropicToolChoiceParam;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: AnthropicThinkingParam;
  output_config?: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
  stream?: boolean;
  [field: string]: unknown;
}

const count = z.number().nullish();

/** Token usage of a response (and of `message_start` / `message_delta` events). */
export const anthropicUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
  output_tokens_details: z.looseObject({ thinking_tokens: count }).nullish(),
});
/** Token usage as the API reports it. */
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

const knownBlockTypes = new Set(['text', 'thinking', 'redacted_thinking', 'tool_use']);

const contentBlockSchema = z.preprocess(
  // Server tools add block types (server_tool_use, web_search_tool_result...)
  // that carry nothing we map; they become `other` instead of failing.
  (block) =>
    typeof block === 'object' &&
    block !== null &&
    !knownBlockTypes.has((block as { type?: unknown }).type as string)
      ? { type: 'other' }
      : block,
  z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('text'), text: z.string() }),
    z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
    z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
    z.looseObject({
      type: z.literal('tool_use'),
      id: z.string(),
      name: z.string(),
      input: z.unknown(),
    }),
    z.object({ type: z.literal('other') }),
  ]),
);
/** A content block of a response; unknown block types read as `other`. */
export type AnthropicContentBlock = z.infer<typeof contentBlockSchema>;

/** Why a refusal happened (`stop_details`, on refusals). */
export const anthropicStopDetailsSchema = z.looseObject({
  type: z.string().nullish(),
  category: z.string().nullish(),
  explanation: z.string().nullish(),
});

/** A non-streamed Messages response. */
export const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  model: z.string(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  stop_details: anthropicStopDetailsSchema.nullish(),
  usage: anthropicUsageSchema,
});
/** A non-streamed Messages response. */
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** The answer of `POST /v1/messages/count_tokens`. */
export const anthropicTokenCountSchema = z.looseObject({ input_tokens: z.number() });

/**
 * Parses a response body with one of the schemas above, or throws a
 * `ResponseValidationError` that names the first bad field.
 */
export function parseAnthropicResponse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: { readonly provider: string; readonly modelId: string; readonly what: string },
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where =
    issue === undefined || issue.path.length === 0 ? '' : ` at '${formatPath(issue.path)}'`;
  throw new ResponseValidationError(
    `${context.provider} answered '${context.modelId}' with an invalid ${context.what}${where}: ${issue?.message ?? 'unexpected shape'}.`,
    { provider: context.provider, modelId: context.modelId, cause: parsed.error },
  );
}
