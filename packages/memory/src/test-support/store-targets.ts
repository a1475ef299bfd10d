// The stores the integration tests run against: SQLite (a file), PostgreSQL,
// Redis and Redis Cluster, with the servers of the global setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { StoreSpec } from './store-spec.ts';

/** One store to test: how to open it, or why it is skipped. */
export interface StoreTarget {
  readonly name: string;
  /** A spec for a fresh place (file, schema or key prefix) named after `label`. */
  readonly spec?: ((label: string) => StoreSpec) | undefined;
  readonly skip?: string | undefined;
}

const sqliteDirs: string[] = [];

/** Removes the SQLite files the targets created. */
export function removeSqliteFiles(): void {
  for (const dir of sqliteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function storeTargets(): StoreTarget[] {
  const { postgres, redis, redisCluster } = inject('servers');
  return [
    {
      name: 'SQLite',
      spec: (label) => {
        const dir = mkdtempSync(join(tmpdir(), `llm-memory-${label}-`));
        sqliteDirs.push(dir);
        return { kind: 'sqlite', path: join(dir, 'conversations.db') };
      },
    },
    'skip' in postgres
      ? { name: 'PostgreSQL', skip: postgres.skip }
      : {
          name: 'PostgreSQL',
          spec: (label) => ({
            kind: 'postgres',
            url: postgres.url,
            schema: label.replaceAll('-', '_'),
          }),
        },
    'skip' in redis
      ? { name: 'Redis', skip: redis.skip }
      : {
          name: 'Redis',
          spec: (label) => ({ kind: 'redis', url: redis.url, prefix: `${label}:` }),
        },
    'skip' in redisCluster
      ? { name: 'Redis Cluster', skip: redisCluster.skip }
      : {
          name: 'Redis Cluster',
          spec: (label) => ({
            kind: 'redis-cluster',
            nodes: redisCluster.nodes,
            prefix: `${label}:`,
          }),
        },
  ];
}
