import { ConversationConflictError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { AppendOptions, ConversationStore, StoredConversation } from './conversation-store.ts';

/**
 * Keeps conversations in this process's memory: for tests, scripts and
 * single-process apps that need no persistence. Messages are copied in and
 * out, so callers cannot change stored history by mutating their arrays.
 * The version is the number of stored messages.
 */
export class InMemoryConversationStore implements ConversationStore {
  readonly #conversations = new Map<string, ChatMessage[]>();

  load(conversationId: string): Promise<StoredConversation | undefined> {
    const messages = this.#conversations.get(conversationId);
    return Promise.resolve(
      messages === undefined
        ? undefined
        : { messages: structuredClone(messages), version: messages.length },
    );
  }

  append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    const stored = this.#conversations.get(conversationId) ?? [];
    if (stored.length !== options.expectedVersion) {
      return Promise.reject(
        new ConversationConflictError(
          `Conversation '${conversationId}' changed since it was loaded (expected version ${options.expectedVersion}, found ${stored.length}); reload it and append again.`,
          {
            conversationId,
            expectedVersion: options.expectedVersion,
            actualVersion: stored.length,
          },
        ),
      );
    }
    const next = [...stored, ...structuredClone(messages as ChatMessage[])];
    this.#conversations.set(conversationId, next);
    return Promise.resolve({ version: next.length });
  }

  delete(conversationId: string): Promise<void> {
    this.#conversations.delete(conversationId);
    return Promise.resolve();
  }
}
