// docs/concepts/conversations.md and docs/guides/conversation-stores.md quote this file;
// test/examples.test.ts runs it.
import { Conversation, tokenBudget, type ChatModel, type ConversationStore } from '@org/llm-core';
import { tokenCounterFor } from '@org/llm-memory';

/** Sends the longest tail of the history that fits the model, counted with the model's own tokenizer. */
export function budgetedChat(model: ChatModel, store: ConversationStore, id: string): Conversation {
  return new Conversation({
    model,
    store,
    id,
    system: 'You are a support agent for Acme.',
    memory: tokenBudget({ counter: tokenCounterFor }),
    settings: { maxOutputTokens: 1000 },
  });
}

/** Older turns are summarised by a cheaper model instead of dropped; the summary is stored and reused. */
export function summarisingChat(
  model: ChatModel,
  cheapModel: ChatModel,
  store: ConversationStore,
  id: string,
): Conversation {
  return new Conversation({
    model,
    store,
    id,
    memory: tokenBudget({
      counter: tokenCounterFor,
      summarize: { model: cheapModel, maxSummaryTokens: 500 },
    }),
  });
}

/** Exact Claude counts from Anthropic's count-tokens endpoint (one call per new message). */
export function exactClaudeCounts(
  model: ChatModel,
  store: ConversationStore,
  id: string,
): Conversation {
  return new Conversation({
    model,
    store,
    id,
    memory: tokenBudget({
      counter: (current) =>
        tokenCounterFor(current, {
          anthropicCountTokens: { apiKey: process.env.ANTHROPIC_API_KEY },
        }),
    }),
  });
}
