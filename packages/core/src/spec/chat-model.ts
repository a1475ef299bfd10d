import type { ChatStream } from '../stream/chat-stream.ts';
import type { ChatRequest } from './chat-request.ts';
import type { ChatResult } from './chat-result.ts';
import type { ModelCapabilities } from './model-capabilities.ts';

/**
 * The one interface every provider adapter implements and every layer
 * (retries, fallbacks, metrics, conversations) consumes. Decorators take a
 * `ChatModel` and return one, so they compose in any order.
 */
export interface ChatModel {
  /** Version of this contract; bumps only with a breaking change. */
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`, `anthropic`, `groq`. */
  readonly provider: string;
  /** The provider's model id, e.g. `gpt-4o-mini`. */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  /**
   * Generates a complete answer.
   *
   * Rejects with an `LlmError` subclass, or with the abort signal's own
   * reason when `request.abortSignal` fires.
   */
  generate(request: ChatRequest): Promise<ChatResult>;
  /**
   * Streams an answer. Resolves once the stream has committed (its first
   * content part arrived, or it finished empty); any failure before that
   * rejects this promise, so a retry or fallback can act invisibly. A
   * failure after it ends the stream with `StreamInterruptedError`.
   */
  stream(request: ChatRequest): Promise<ChatStream>;
}
