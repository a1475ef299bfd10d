// docs/guides/conversation-stores.md quotes this file; test/examples.test.ts runs it.
import { Conversation, type ChatModel } from '@org/llm-core';
import {
  openPostgresStore,
  openRedisStore,
  openSqliteStore,
  type ClosableConversationStore,
} from '@org/llm-memory';

/** The embedded default: one file, shared by the processes of one machine. */
export function openEmbeddedStore(path: string): Promise<ClosableConversationStore> {
  return openSqliteStore({ path, ttlMs: 30 * 24 * 60 * 60 * 1000 });
}

/** PostgreSQL: the durable choice for many app instances. */
export function openSharedStore(databaseUrl: string): Promise<ClosableConversationStore> {
  return openPostgresStore({ connectionString: databaseUrl, schema: 'chat', maxConnections: 10 });
}

/** Redis over TLS with a password (`rediss://:password@host:6380`), keys under `chat:`. */
export function openRedis(redisUrl: string, ca?: string): Promise<ClosableConversationStore> {
  return openRedisStore({
    url: redisUrl,
    prefix: 'chat:',
    ...(ca === undefined ? {} : { redisOptions: { tls: { ca } } }),
  });
}

/** A Redis Cluster: give some nodes, the client finds the rest. */
export function openRedisCluster(
  nodes: readonly { host: string; port: number }[],
): Promise<ClosableConversationStore> {
  return openRedisStore({ cluster: nodes, prefix: 'chat:' });
}

/** One request of a web app: a conversation per user thread, the store opened once at start-up. */
export async function answer(
  store: ClosableConversationStore,
  model: ChatModel,
  threadId: string,
  question: string,
): Promise<string> {
  const chat = new Conversation({ model, store, id: threadId, system: 'You are concise.' });
  return (await chat.send(question)).text;
}
