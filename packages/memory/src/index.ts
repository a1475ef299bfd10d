// Public API of @org/llm-memory: persistent conversation stores and token counters.

export type { ClosableConversationStore } from './closable-conversation-store.ts';
export type { SqliteStoreOptions } from './sqlite/sqlite-conversation-store.ts';
export { openSqliteStore } from './sqlite/sqlite-conversation-store.ts';
export type { PostgresStoreOptions } from './postgres/postgres-conversation-store.ts';
export { openPostgresStore } from './postgres/postgres-conversation-store.ts';
export type { RedisStoreOptions } from './redis/redis-conversation-store.ts';
export { openRedisStore } from './redis/redis-conversation-store.ts';
