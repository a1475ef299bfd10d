import { describeConversationStoreContract } from '@org/llm-testkit/vitest';
import { describe, inject, it } from 'vitest';
import type { ClosableConversationStore } from '../closable-conversation-store.ts';
import { openPostgresStore } from './postgres-conversation-store.ts';

const server = inject('servers').postgres;

if ('skip' in server) {
  console.log(`Skipping the PostgreSQL store contract: ${server.skip}.`);
  describe('ConversationStore contract: PostgreSQL', () => {
    it.skip(`needs PostgreSQL: ${server.skip}`, () => undefined);
  });
} else {
  describeConversationStoreContract({
    name: 'PostgreSQL',
    createStore: () => openPostgresStore({ connectionString: server.url, schema: 'contract' }),
    teardown: (store) => (store as ClosableConversationStore).close(),
  });
}
