// docs/guides/multi-instance.md quotes this file; test/examples.test.ts runs it.
import {
  Conversation,
  ConversationConflictError,
  type ChatModel,
  type ChatResult,
  type ConversationStore,
} from '@org/llm-core';

/**
 * A turn in an app that runs on many machines: every request builds its
 * own `Conversation` over the shared store. When other instances keep
 * appending to the same conversation first, the turn is sent again on a
 * fresh history (the model call is repeated; nothing was stored).
 */
export async function sendFromAnyInstance(
  store: ConversationStore,
  model: ChatModel,
  threadId: string,
  question: string,
): Promise<ChatResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Conversation({ model, store, id: threadId, maxAppendAttempts: 10 }).send(
        question,
      );
    } catch (error) {
      if (!ConversationConflictError.isInstance(error) || attempt >= 3) throw error;
    }
  }
}

/** What the user saw of a turn that broke off: stored as `interrupted`, never sent to a model again. */
export async function shownTurns(chat: Conversation): Promise<string[]> {
  return (await chat.turns()).map(
    (turn) => `${turn.version} ${turn.status}: ${turn.messages.length} messages`,
  );
}
