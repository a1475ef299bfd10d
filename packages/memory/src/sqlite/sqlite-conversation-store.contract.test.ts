import { describeConversationStoreContract } from '@org/llm-testkit/vitest';
import type { ClosableConversationStore } from '../closable-conversation-store.ts';
import { openSqliteStore } from './sqlite-conversation-store.ts';

describeConversationStoreContract({
  name: 'SQLite (:memory:)',
  createStore: () => openSqliteStore({ path: ':memory:' }),
  teardown: (store) => (store as ClosableConversationStore).close(),
});
