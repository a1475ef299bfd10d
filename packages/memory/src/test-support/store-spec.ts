// Describes a store so that a test and its worker processes open the same one.
import type { ClosableConversationStore } from '../closable-conversation-store.ts';
import { openPostgresStore } from '../postgres/postgres-conversation-store.ts';
import { openRedisStore } from '../redis/redis-conversation-store.ts';
import { openSqliteStore } from '../sqlite/sqlite-conversation-store.ts';

/** How to open one store, as JSON that a worker process receives. */
export type StoreSpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string }
  | {
      readonly kind: 'redis-cluster';
      readonly nodes: readonly { readonly host: string; readonly port: number }[];
      readonly prefix: string;
    };

export function openStore(spec: StoreSpec): Promise<ClosableConversationStore> {
  switch (spec.kind) {
    case 'sqlite':
      return openSqliteStore({ path: spec.path });
    case 'postgres':
      return openPostgresStore({
        connectionString: spec.url,
        schema: spec.schema,
        maxConnections: 4,
      });
    case 'redis':
      return openRedisStore({ url: spec.url, prefix: spec.prefix });
    case 'redis-cluster':
      return openRedisStore({ cluster: spec.nodes, prefix: spec.prefix });
  }
}
