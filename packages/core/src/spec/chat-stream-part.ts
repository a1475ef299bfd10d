import type { ProviderOptions } from '../messages/provider-options.ts';
import type { ProviderMetadata } from './chat-result.ts';
import type { FinishReason } from './finish-reason.ts';
import type { Usage } from './usage.ts';
import type { ChatWarning } from './warning.ts';

/**
 * One event of a streamed answer. A valid stream is `stream-start`
 * (optional, first), then content blocks, then `finish`, with
 * `response-metadata` parts anywhere before `finish`,
 * where each content block is `*-start`, `*-delta`*, `*-end` with one id
 * (blocks may interleave), a tool call block ends with its complete
 * `tool-call`, and `finish` comes exactly once, last. `ChatStream` enforces
 * this and turns a violation into a `ResponseValidationError`.
 *
 * The first part that carries content (a non-empty text, reasoning or
 * tool-argument delta, redacted reasoning, or a complete `tool-call`) is the
 * stream's commit point; opening a block shows nothing yet.
 */
export type ChatStreamPart =
  | StreamStartPart
  | ResponseMetadataPart
  | TextStartPart
  | TextDeltaPart
  | TextEndPart
  | ReasoningStartPart
  | ReasoningDeltaPart
  | ReasoningEndPart
  | ToolCallStartPart
  | ToolCallDeltaPart
  | ToolCallEndPart
  | ToolCallStreamPart
  | FinishPart;

/** First part, if any: what the adapter could not honour in the request. */
export interface StreamStartPart {
  readonly type: 'stream-start';
  /** Settings the model could not honour exactly. */
  readonly warnings: readonly ChatWarning[];
}

/** The provider's response id and model, headers, and usage known so far. */
export interface ResponseMetadataPart {
  readonly type: 'response-metadata';
  /** The provider's response id. */
  readonly id?: string | undefined;
  /** The model that answers. */
  readonly modelId?: string | undefined;
  /** Response headers, lower-case names. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Usage reported before the end (Anthropic sends input tokens first). */
  readonly usage?: Partial<Usage> | undefined;
}

/** A text block opens. */
export interface TextStartPart {
  readonly type: 'text-start';
  /** Block id, unique within the stream. */
  readonly id: string;
}
/** More text for an open text block. */
export interface TextDeltaPart {
  readonly type: 'text-delta';
  /** Block id. */
  readonly id: string;
  /** The new text. */
  readonly delta: string;
}
/** A text block closes. */
export interface TextEndPart {
  readonly type: 'text-end';
  /** Block id. */
  readonly id: string;
}

/** A reasoning block opens. */
export interface ReasoningStartPart {
  readonly type: 'reasoning-start';
  /** Block id, unique within the stream. */
  readonly id: string;
}
/** More reasoning text. */
export interface ReasoningDeltaPart {
  readonly type: 'reasoning-delta';
  /** Block id. */
  readonly id: string;
  /** The new reasoning text. */
  readonly delta: string;
}
/** A reasoning block closes, with the provider's signature or redacted data. */
export interface ReasoningEndPart {
  readonly type: 'reasoning-end';
  /** Block id. */
  readonly id: string;
  /** Signature over the block (Anthropic), to send back unchanged. */
  readonly signature?: string | undefined;
  /** Opaque redacted reasoning (Anthropic `redacted_thinking`). */
  readonly redactedData?: string | undefined;
}

/** A tool call opens; its JSON arguments follow in deltas. */
export interface ToolCallStartPart {
  readonly type: 'tool-call-start';
  /** The tool call's id. */
  readonly toolCallId: string;
  /** The called tool. */
  readonly toolName: string;
}
/** More JSON argument text of an open tool call. */
export interface ToolCallDeltaPart {
  readonly type: 'tool-call-delta';
  /** The tool call's id. */
  readonly toolCallId: string;
  /** The next piece of the arguments' JSON text. */
  readonly delta: string;
}
/** A tool call's arguments are complete; the `tool-call` part follows. */
export interface ToolCallEndPart {
  readonly type: 'tool-call-end';
  /** The tool call's id. */
  readonly toolCallId: string;
}
/** A complete tool call with parsed arguments. */
export interface ToolCallStreamPart {
  readonly type: 'tool-call';
  /** The tool call's id. */
  readonly toolCallId: string;
  /** The called tool. */
  readonly toolName: string;
  /** Parsed JSON arguments (the raw text if they were not valid JSON). */
  readonly input: unknown;
  /** Provider-specific data for round trips. */
  readonly providerOptions?: ProviderOptions | undefined;
}

/** The last part: why generation stopped and the final usage. */
export interface FinishPart {
  readonly type: 'finish';
  /** Why generation stopped. */
  readonly finishReason: FinishReason;
  /** Final usage (fields sent earlier in `response-metadata` are kept unless overridden). */
  readonly usage: Usage;
  /** Provider-specific results. */
  readonly providerMetadata?: ProviderMetadata | undefined;
}

/** The part types of content blocks (the first one that carries content commits the stream). */
export type ContentStreamPart = Exclude<
  ChatStreamPart,
  StreamStartPart | ResponseMetadataPart | FinishPart
>;

/** Whether a part belongs to a content block (text, reasoning or tool call). */
export function isContentPart(part: ChatStreamPart): part is ContentStreamPart {
  return (
    part.type !== 'stream-start' && part.type !== 'response-metadata' && part.type !== 'finish'
  );
}
