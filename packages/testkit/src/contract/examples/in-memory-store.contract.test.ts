// docs/guides/conversation-stores.md quotes this file: the contract run that
// every ConversationStore passes, here against core's in-memory store.
import { InMemoryConversationStore } from '@org/llm-core';
import { describeConversationStoreContract } from '@org/llm-testkit/vitest';

describeConversationStoreContract({
  name: 'InMemoryConversationStore',
  createStore: () => new InMemoryConversationStore(),
});
