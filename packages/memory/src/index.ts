/**
 * Conversation stores for @org/llm on SQLite (node:sqlite, the embedded default), PostgreSQL and
 * Redis (and Redis Cluster), with no lost or duplicated turn; token counters for OpenAI
 * (js-tiktoken) and Claude.
 *
 * @module @org/llm-memory
 */

export type { ClosableConversationStore } from './closable-conversation-store.ts';
export type { SqliteStoreOptions } from './sqlite/sqlite-conversation-store.ts';
export { openSqliteStore } from './sqlite/sqlite-conversation-store.ts';
export type { PostgresStoreOptions } from './postgres/postgres-conversation-store.ts';
export { openPostgresStore } from './postgres/postgres-conversation-store.ts';
export type { RedisStoreOptions } from './redis/redis-conversation-store.ts';
export { openRedisStore } from './redis/redis-conversation-store.ts';
export type { OpenAIEncoding } from './tokens/openai-token-counter.ts';
export { openAIEncodingFor, openAITokenCounter } from './tokens/openai-token-counter.ts';
export { claudeTokenCounter, claudeTokenEstimate } from './tokens/claude-token-counter.ts';
export type { AnthropicCountTokensOptions } from './tokens/anthropic-count-tokens-counter.ts';
export { anthropicCountTokensCounter } from './tokens/anthropic-count-tokens-counter.ts';
export type { TokenCounterForOptions } from './tokens/token-counter-for.ts';
export { tokenCounterFor } from './tokens/token-counter-for.ts';
