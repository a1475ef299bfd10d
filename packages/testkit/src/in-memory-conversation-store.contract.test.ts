import { InMemoryConversationStore } from '@org/llm-core';
import { describeConversationStoreContract } from './vitest.ts';

describeConversationStoreContract({
  name: 'InMemoryConversationStore',
  createStore: () => new InMemoryConversationStore(),
});
