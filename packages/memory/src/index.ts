// Public API of @org/llm-memory: persistent conversation stores and token counters.

export type { ClosableConversationStore } from './closable-conversation-store.ts';
export type { SqliteStoreOptions } from './sqlite/sqlite-conversation-store.ts';
export { openSqliteStore } from './sqlite/sqlite-conversation-store.ts';
