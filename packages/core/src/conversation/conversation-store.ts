import type { ChatMessage } from '../messages/messages.ts';

/** A conversation as a store holds it. */
export interface StoredConversation {
  /** Every message, oldest first. */
  readonly messages: readonly ChatMessage[];
  /**
   * Version of the conversation: 0 before the first append, and larger after
   * every append. Appends name the version they were based on.
   */
  readonly version: number;
}

/** Options of {@link ConversationStore.append}. */
export interface AppendOptions {
  /** The version the new messages were based on; the append fails if the store holds another. */
  readonly expectedVersion: number;
}

/**
 * Where conversations persist. Appends are conditional on the version the
 * writer read, so two writers never overwrite each other: the second gets a
 * `ConversationConflictError`, reloads and appends again.
 *
 * Implementations: `InMemoryConversationStore` here; SQLite and Redis in
 * `@org/llm-memory`.
 */
export interface ConversationStore {
  /** The conversation, or `undefined` if nothing was appended to it yet. */
  load(conversationId: string): Promise<StoredConversation | undefined>;
  /**
   * Appends messages atomically if the store still holds `expectedVersion`;
   * resolves to the new version. Rejects with `ConversationConflictError`
   * otherwise, changing nothing.
   */
  append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }>;
  /** Removes the conversation; does nothing if it does not exist. */
  delete(conversationId: string): Promise<void>;
}
