// The Messages API request bodies as a client sends them (Anthropic's
// MessageCreateParams and MessageCountTokensParams), typed for reading in tests:
// `server.lastRequest.bodyAs('anthropic-messages')`. They list the fields
// tests read; any other field is there as `unknown`.

/**
 * A content block of an Anthropic request message: `text`, `image`,
 * `document`, `tool_use`, `tool_result`, `thinking`, `redacted_thinking`...
 * Fields that only some types carry are optional.
 */
export interface AnthropicRequestContentBlock {
  /** The block type. */
  readonly type: string;
  /** The text of a `text` block. */
  readonly text?: string;
  /** The source of an `image` or `document` block (`base64` with `media_type` and `data`, or `url`). */
  readonly source?: {
    readonly type: string;
    readonly media_type?: string;
    readonly data?: string;
    readonly url?: string;
  };
  /** The id of a `tool_use` block. */
  readonly id?: string;
  /** The tool name of a `tool_use` block. */
  readonly name?: string;
  /** The input of a `tool_use` block. */
  readonly input?: unknown;
  /** The `tool_use` id a `tool_result` block answers. */
  readonly tool_use_id?: string;
  /** The content of a `tool_result` block. */
  readonly content?: string | readonly AnthropicRequestContentBlock[];
  /** `true` when a `tool_result` reports a failure. */
  readonly is_error?: boolean;
  /** The reasoning of a `thinking` block. */
  readonly thinking?: string;
  /** The signature of a `thinking` block, sent back unchanged. */
  readonly signature?: string;
  /** The encrypted reasoning of a `redacted_thinking` block. */
  readonly data?: string;
  /** Prompt caching breakpoint. */
  readonly cache_control?: { readonly type: string; readonly ttl?: string } | null;
  readonly [field: string]: unknown;
}

/** One message of an Anthropic request (the system prompt is not a message). */
export interface AnthropicRequestMessage {
  /** Who speaks. */
  readonly role: 'user' | 'assistant';
  /** Text, or content blocks. */
  readonly content: string | readonly AnthropicRequestContentBlock[];
}

/** A tool the client offers Claude. */
export interface AnthropicRequestTool {
  /** The tool name. */
  readonly name: string;
  /** What the tool does. */
  readonly description?: string;
  /** Its input as JSON Schema (client tools). */
  readonly input_schema?: Readonly<Record<string, unknown>>;
  /** The type of a server or versioned tool (`web_search_20250305`...). */
  readonly type?: string;
  readonly [field: string]: unknown;
}

/** `auto`, `any`, `tool` (with `name`) or `none`. */
export interface AnthropicRequestToolChoice {
  /** `auto`, `any`, `tool` or `none`. */
  readonly type: string;
  /** The tool to call, with `type: 'tool'`. */
  readonly name?: string;
  /** `true` allows at most one tool call per turn. */
  readonly disable_parallel_tool_use?: boolean;
}

/** Fields a count-tokens request shares with a Messages request. */
export interface AnthropicCountTokensRequestBody {
  /** The model id (`claude-sonnet-4-6`). */
  readonly model: string;
  /** The conversation. */
  readonly messages: readonly AnthropicRequestMessage[];
  /** The system prompt: text, or text blocks (with cache breakpoints). */
  readonly system?: string | readonly AnthropicRequestContentBlock[];
  /** The tools offered. */
  readonly tools?: readonly AnthropicRequestTool[];
  /** How Claude may use them. */
  readonly tool_choice?: AnthropicRequestToolChoice;
  /** Extended thinking: `{ type: 'enabled', budget_tokens }`, `{ type: 'disabled' }`... */
  readonly thinking?: { readonly type: string; readonly budget_tokens?: number };
  readonly [field: string]: unknown;
}

/** A Messages request body (`POST /v1/messages`) as received. */
export interface AnthropicMessagesRequestBody extends AnthropicCountTokensRequestBody {
  /** Output token limit (required by the API). */
  readonly max_tokens: number;
  /** `true` for a server-sent event stream. */
  readonly stream?: boolean;
  /** Sampling temperature, 0 to 1. */
  readonly temperature?: number;
  /** Nucleus sampling. */
  readonly top_p?: number;
  /** Top-k sampling. */
  readonly top_k?: number;
  /** Stop sequences. */
  readonly stop_sequences?: readonly string[];
  /** `user_id` of the end user. */
  readonly metadata?: { readonly user_id?: string | null };
}
