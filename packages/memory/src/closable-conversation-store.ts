import type { ConversationStore } from '@org/llm-core';

/** A {@link ConversationStore} that holds a connection or a file open until it is closed. */
export interface ClosableConversationStore extends ConversationStore {
  /** Closes the store's connections (or file); calls after it fail. Safe to call twice. */
  close(): Promise<void>;
}
