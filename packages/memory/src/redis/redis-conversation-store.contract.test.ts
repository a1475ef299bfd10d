import { describeConversationStoreContract } from '@org/llm-testkit/vitest';
import { describe, inject, it } from 'vitest';
import type { ClosableConversationStore } from '../closable-conversation-store.ts';
import { openRedisStore } from './redis-conversation-store.ts';

const servers = inject('servers');
const close = (store: unknown): Promise<void> => (store as ClosableConversationStore).close();

function skipped(name: string, reason: string): void {
  console.log(`Skipping the ${name} store contract: ${reason}.`);
  describe(`ConversationStore contract: ${name}`, () => {
    it.skip(`needs ${name}: ${reason}`, () => undefined);
  });
}

if ('skip' in servers.redis) {
  skipped('Redis', servers.redis.skip);
} else {
  const { url } = servers.redis;
  describeConversationStoreContract({
    name: 'Redis',
    ttlClock: 'server',
    createStore: () => openRedisStore({ url, prefix: 'contract:' }),
    teardown: close,
  });
}

if ('skip' in servers.secureRedis) {
  skipped('Redis over TLS with a password', servers.secureRedis.skip);
} else {
  const { url, ca } = servers.secureRedis;
  describeConversationStoreContract({
    name: 'Redis over TLS (rediss://) with a password',
    ttlClock: 'server',
    createStore: () => openRedisStore({ url, redisOptions: { tls: { ca } }, prefix: 'contract:' }),
    teardown: close,
  });
}

if ('skip' in servers.redisCluster) {
  skipped('Redis Cluster', servers.redisCluster.skip);
} else {
  const { nodes } = servers.redisCluster;
  describeConversationStoreContract({
    name: 'Redis Cluster (3 masters)',
    ttlClock: 'server',
    createStore: () => openRedisStore({ cluster: nodes, prefix: 'contract:' }),
    teardown: close,
  });
}
