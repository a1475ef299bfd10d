// The Chat Completions request body as a client sends it (CreateChatCompletionRequest
// of the official spec), typed for reading in tests: `server.lastRequest.bodyAs('openai-chat')`.
// It lists the fields tests read; any other field is there as `unknown`.

/** A content part of an OpenAI request message (`text`, `image_url`, `input_audio`, `file`, `refusal`). */
export interface OpenAIRequestContentPart {
  /** `text`, `image_url`, `input_audio`, `file` or `refusal`. */
  readonly type: string;
  /** The text of a `text` part. */
  readonly text?: string;
  /** The image of an `image_url` part: an `https:` or `data:` URL and the detail level. */
  readonly image_url?: { readonly url: string; readonly detail?: string };
  /** The refusal of a `refusal` part (assistant messages). */
  readonly refusal?: string;
  readonly [field: string]: unknown;
}

/** A tool call of an assistant message the client sends back. */
export interface OpenAIRequestToolCall {
  /** The call id, which the `tool` message answering it repeats as `tool_call_id`. */
  readonly id: string;
  /** `function` (or `custom`). */
  readonly type: string;
  /** The called function and its arguments as JSON text. */
  readonly function: { readonly name: string; readonly arguments: string };
}

/** One message of an OpenAI request. Fields that only some roles carry are optional. */
export interface OpenAIRequestMessage {
  /** Who speaks. */
  readonly role: 'developer' | 'system' | 'user' | 'assistant' | 'tool';
  /** Text, content parts, or `null` (an assistant message with tool calls only). */
  readonly content?: string | readonly OpenAIRequestContentPart[] | null;
  /** A participant name. */
  readonly name?: string;
  /** The tool calls of an assistant message. */
  readonly tool_calls?: readonly OpenAIRequestToolCall[];
  /** The call a `tool` message answers. */
  readonly tool_call_id?: string;
  /** An assistant message's refusal. */
  readonly refusal?: string | null;
  readonly [field: string]: unknown;
}

/** A tool the client offers the model. */
export interface OpenAIRequestTool {
  /** `function` (or `custom`). */
  readonly type: string;
  /** The function: name, description and its parameters as JSON Schema. */
  readonly function?: {
    readonly name: string;
    readonly description?: string;
    readonly parameters?: Readonly<Record<string, unknown>>;
    readonly strict?: boolean | null;
  };
  readonly [field: string]: unknown;
}

/** A Chat Completions request body (`POST …/chat/completions`) as received. */
export interface OpenAIChatRequestBody {
  /** The model id (`gpt-4o-mini`). */
  readonly model: string;
  /** The conversation, system or developer message first. */
  readonly messages: readonly OpenAIRequestMessage[];
  /** `true` for a server-sent event stream. */
  readonly stream?: boolean | null;
  /** `include_usage: true` asks for the usage-only last chunk of a stream. */
  readonly stream_options?: { readonly include_usage?: boolean } | null;
  /** Sampling temperature, 0 to 2. */
  readonly temperature?: number | null;
  /** Nucleus sampling, 0 to 1. */
  readonly top_p?: number | null;
  /** Output token limit (newer models and reasoning models). */
  readonly max_completion_tokens?: number | null;
  /** Output token limit (older name, still sent by some clients). */
  readonly max_tokens?: number | null;
  /** Stop sequences. */
  readonly stop?: string | readonly string[] | null;
  /** Seed for best-effort deterministic sampling. */
  readonly seed?: number | null;
  /** The tools offered. */
  readonly tools?: readonly OpenAIRequestTool[];
  /** `none`, `auto`, `required`, or `{ type: 'function', function: { name } }`. */
  readonly tool_choice?:
    string | { readonly type: string; readonly function?: { readonly name: string } };
  /** Whether several tool calls may come in one turn. */
  readonly parallel_tool_calls?: boolean;
  /** `text`, `json_object`, or `json_schema` with the schema. */
  readonly response_format?: {
    readonly type: string;
    readonly json_schema?: {
      readonly name: string;
      readonly description?: string;
      readonly schema?: Readonly<Record<string, unknown>>;
      readonly strict?: boolean | null;
    };
  };
  /** Reasoning effort of reasoning models (`low`, `medium`, `high`...). */
  readonly reasoning_effort?: string | null;
  /** An end-user id. */
  readonly user?: string;
  readonly [field: string]: unknown;
}
