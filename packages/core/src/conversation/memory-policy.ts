import { ConfigError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ConversationSummary, StoredSummary, StoredTurn } from './conversation-store.ts';

/**
 * What a {@link MemoryPolicy} knows about the turn it selects for. A
 * `Conversation` passes it; a policy called without it (in a test, or by
 * other code) must still work or say what it needs.
 */
export interface MemoryContext {
  /** The conversation's id. */
  readonly conversationId: string;
  /** The model the request goes to (its capabilities hold the context window). */
  readonly model: ChatModel;
  /** The request without its messages: system prompt, tools, `maxOutputTokens`, abort signal... */
  readonly request: Omit<ChatRequest, 'messages'>;
  /**
   * The stored turns the messages come from, oldest first: the complete turns
   * only (interrupted ones are never sent). The messages passed to `select`
   * are these turns' messages followed by the new input.
   */
  readonly turns: readonly StoredTurn[];
  /** Summaries stored for this conversation. */
  readonly summaries: readonly StoredSummary[];
  /** Stores a summary of a range of turns (the turns themselves stay). */
  saveSummary(summary: ConversationSummary): Promise<void>;
}

/**
 * Chooses which stored messages go into the next request. It never changes
 * the stored turns: the full history stays in the store.
 */
export interface MemoryPolicy {
  /**
   * The messages to send, in order. The last message (the new input) must
   * be kept, and the window should start at a user message so that no tool
   * result loses its tool call.
   */
  select(
    messages: readonly ChatMessage[],
    context?: MemoryContext,
  ): readonly ChatMessage[] | Promise<readonly ChatMessage[]>;
}

/**
 * Keeps at most the last `count` non-system messages. System messages in the
 * history are always kept (pinned). The window is moved forward to start at
 * a user message, so a tool result is never separated from its tool call and
 * providers that require a user message first (Anthropic) accept it; the
 * window may therefore hold fewer than `count` messages.
 */
export function lastMessages(count: number): MemoryPolicy {
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError(`lastMessages(count) needs a whole number of at least 1; got ${count}.`);
  }
  return {
    select(messages) {
      const pinned = messages.filter((message) => message.role === 'system');
      const rest = messages.filter((message) => message.role !== 'system');
      if (rest.length <= count) return [...pinned, ...rest];
      let start = rest.length - count;
      while (start < rest.length - 1 && rest[start]!.role !== 'user') start++;
      return [...pinned, ...rest.slice(start)];
    },
  };
}
