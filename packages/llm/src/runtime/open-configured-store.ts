import { ConfigError, InMemoryConversationStore, type ConversationStore } from '@org/llm-core';
import type { StoreConfig } from '../config/llm-config-schema.ts';
import type { ResolvedSecrets } from '../secrets/resolve-secrets.ts';

/** A conversation store the runtime opened, and how to close it. */
export interface OpenedStore {
  readonly store: ConversationStore;
  readonly close: () => Promise<void>;
}

/** The factories `@org/llm-memory` exports, each resolving to a store with `close()`. */
interface MemoryPackage {
  openSqliteStore(
    options: Record<string, unknown>,
  ): Promise<ConversationStore & { close(): Promise<void> }>;
  openPostgresStore(
    options: Record<string, unknown>,
  ): Promise<ConversationStore & { close(): Promise<void> }>;
  openRedisStore(
    options: Record<string, unknown>,
  ): Promise<ConversationStore & { close(): Promise<void> }>;
}

// The specifier is a variable so that type checks and builds do not require
// @org/llm-memory, which is an optional peer of this package.
const memoryPackage = '@org/llm-memory';

async function loadMemoryPackage(kind: string): Promise<MemoryPackage> {
  try {
    return (await import(memoryPackage)) as MemoryPackage;
  } catch (error) {
    throw new ConfigError(
      `store.kind ${kind} needs the @org/llm-memory package; install it (npm install @org/llm-memory).`,
      { cause: error },
    );
  }
}

/**
 * Opens the configured conversation store: in memory by default (core's
 * `InMemoryConversationStore`), or SQLite, PostgreSQL or Redis through
 * `@org/llm-memory`, loaded only when configured.
 *
 * SEAM (issue #11): the SQLite, PostgreSQL and Redis kinds call
 * `openSqliteStore`, `openPostgresStore` and `openRedisStore` of
 * `@org/llm-memory`, which is built in parallel; the option names passed
 * here (`path`; `url`, `table`; `url`, `keyPrefix`) are to be checked
 * against that package when it is merged, with a test per kind.
 */
export async function openConfiguredStore(
  config: StoreConfig | undefined,
  secrets: ResolvedSecrets,
): Promise<OpenedStore> {
  if (config === undefined || config.kind === 'memory') {
    return { store: new InMemoryConversationStore(), close: () => Promise.resolve() };
  }
  const memory = await loadMemoryPackage(config.kind);
  let store: ConversationStore & { close(): Promise<void> };
  switch (config.kind) {
    case 'sqlite':
      store = await memory.openSqliteStore({ path: config.path });
      break;
    case 'postgres':
      store = await memory.openPostgresStore({
        url: secrets.get(config.url) ?? config.url,
        table: config.table,
      });
      break;
    case 'redis':
      store = await memory.openRedisStore({
        url: secrets.get(config.url) ?? config.url,
        keyPrefix: config.keyPrefix,
      });
      break;
  }
  return { store, close: () => store.close() };
}
