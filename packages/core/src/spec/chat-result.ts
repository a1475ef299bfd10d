import type { AssistantContentPart, ToolCallPart } from '../messages/content-parts.ts';
import type { AssistantMessage } from '../messages/messages.ts';
import type { FinishReason } from './finish-reason.ts';
import type { Cost } from './model-pricing.ts';
import type { Usage } from './usage.ts';
import type { ChatWarning } from './warning.ts';

/** Provider-specific results, namespaced by provider id (e.g. `{ openai: { systemFingerprint } }`). */
export type ProviderMetadata = Record<string, Record<string, unknown>>;

/** What the provider said about the response itself. */
export interface ResponseInfo {
  /** The provider's response id (`chatcmpl-...`, `msg_...`). */
  readonly id?: string | undefined;
  /** The model that actually answered (may be more specific than the requested id). */
  readonly modelId?: string | undefined;
  /** Response headers, lower-case names. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The complete answer of one `generate` call (or of a stream, from `final()`). */
export interface ChatResult {
  /** Every content part in order: text, tool calls, reasoning. */
  readonly content: readonly AssistantContentPart[];
  /** All text parts joined. */
  readonly text: string;
  /** The tool calls, in order. */
  readonly toolCalls: readonly ToolCallPart[];
  /** Why generation stopped. */
  readonly finishReason: FinishReason;
  /** Token usage. */
  readonly usage: Usage;
  /** Response id, answering model and headers. */
  readonly response: ResponseInfo;
  /** Settings the model could not honour exactly; never silently dropped. */
  readonly warnings: readonly ChatWarning[];
  /** Provider-specific results, namespaced by provider id. */
  readonly providerMetadata?: ProviderMetadata | undefined;
  /**
   * What this call cost in US dollars, computed from `usage` and the model
   * catalog's prices; `undefined` when the model's prices are not known.
   */
  readonly cost?: Cost | undefined;
}

/** The assistant message to append to the history after a result. */
export function toAssistantMessage(result: Pick<ChatResult, 'content'>): AssistantMessage {
  return { role: 'assistant', content: result.content.map((part) => ({ ...part })) };
}
