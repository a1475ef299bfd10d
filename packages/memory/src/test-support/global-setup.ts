// Vitest global setup of the memory project: starts one Redis, one Redis with
// TLS and a password, one 3-node Redis Cluster and one PostgreSQL for every
// test file of the project, and stops them at the end. Tests read where they
// are (or why they are missing) with `inject('servers')`.
import type { TestProject } from 'vitest/node';
import {
  startPostgres,
  startRedis,
  startRedisCluster,
  startSecureRedis,
  type RunningServer,
  type Started,
} from '@org/llm-test-support';

/** Where each server listens, or why it is missing. */
export interface TestServers {
  readonly redis: { readonly url: string } | { readonly skip: string };
  readonly secureRedis: { readonly url: string; readonly ca: string } | { readonly skip: string };
  readonly redisCluster:
    | { readonly nodes: readonly { readonly host: string; readonly port: number }[] }
    | { readonly skip: string };
  readonly postgres: { readonly url: string } | { readonly skip: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: TestServers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running: RunningServer[] = [];
  const keep = <T extends RunningServer, R>(
    started: Started<T>,
    pick: (server: T) => R,
  ): R | { skip: string } => {
    if (!started.ok) return { skip: started.reason };
    running.push(started.server);
    return pick(started.server);
  };
  try {
    const [redis, secureRedis, redisCluster, postgres] = await Promise.all([
      startRedis(),
      startSecureRedis(),
      startRedisCluster(),
      startPostgres(),
    ]);
    project.provide('servers', {
      redis: keep(redis, (server) => ({ url: server.url })),
      secureRedis: keep(secureRedis, (server) => ({ url: server.url, ca: server.ca })),
      redisCluster: keep(redisCluster, (server) => ({ nodes: server.nodes })),
      postgres: keep(postgres, (server) => ({ url: server.url })),
    });
  } catch (error) {
    await Promise.all(running.map((server) => server.stop()));
    throw error;
  }
  return async () => {
    await Promise.all(running.map((server) => server.stop()));
  };
}
