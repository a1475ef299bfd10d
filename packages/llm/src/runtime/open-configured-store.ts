import { ConfigError, InMemoryConversationStore, type ConversationStore } from '@org/llm-core';
import type * as memoryModule from '@org/llm-memory';
import type { StoreConfig } from '../config/llm-config-schema.ts';
import type { ResolvedSecrets } from '../secrets/resolve-secrets.ts';

/** A conversation store the runtime opened, and how to close it. */
export interface OpenedStore {
  readonly store: ConversationStore;
  readonly close: () => Promise<void>;
}

/** `@org/llm-memory`, loaded only when a configuration needs it (its stores bring pg and ioredis). */
export type MemoryPackage = typeof memoryModule;

let memoryPackage: Promise<MemoryPackage> | undefined;

/** Loads `@org/llm-memory` once; `what` names the configuration key that needs it. */
export function loadMemoryPackage(what: string): Promise<MemoryPackage> {
  memoryPackage ??= import('@org/llm-memory').catch((error: unknown) => {
    memoryPackage = undefined;
    throw new ConfigError(
      `${what} needs the @org/llm-memory package, which could not be loaded; install it next to @org/llm.`,
      { cause: error },
    );
  });
  return memoryPackage;
}

/**
 * Opens the configured conversation store: in memory by default (core's
 * `InMemoryConversationStore`), or SQLite, PostgreSQL or Redis through
 * `@org/llm-memory`, loaded only when configured. A URL may be a secret
 * reference (it holds a password), resolved before this runs.
 */
export async function openConfiguredStore(
  config: StoreConfig | undefined,
  secrets: ResolvedSecrets,
): Promise<OpenedStore> {
  if (config === undefined || config.kind === 'memory') {
    return { store: new InMemoryConversationStore(), close: () => Promise.resolve() };
  }
  const memory = await loadMemoryPackage(`store.kind ${config.kind}`);
  const valueOf = (reference: string): string => secrets.get(reference) ?? reference;
  const store = await (() => {
    switch (config.kind) {
      case 'sqlite':
        return memory.openSqliteStore({ path: config.path, ttlMs: config.ttlMs });
      case 'postgres':
        return memory.openPostgresStore({
          connectionString: valueOf(config.url),
          schema: config.schema,
          maxConnections: config.maxConnections,
          ttlMs: config.ttlMs,
        });
      case 'redis':
        return memory.openRedisStore({
          url: config.url === undefined ? undefined : valueOf(config.url),
          cluster: config.cluster?.map(valueOf),
          prefix: config.prefix,
          ttlMs: config.ttlMs,
        });
    }
  })();
  return { store, close: () => store.close() };
}
