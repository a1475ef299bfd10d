import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LlmRuntime } from '@org/llm';
import type { ConversationStore } from '@org/llm-core';
import { openSqliteStore } from '@org/llm-memory';
import { dataDir } from './data-dir.ts';

/** The store `llm chat` keeps conversations in, where it is, and how to close it. */
export interface ChatStore {
  readonly store: ConversationStore;
  /** For people: the SQLite file, or the configured store's kind. */
  readonly where: string;
  close(): Promise<void>;
}

/**
 * The store of `llm chat`: the SQLite file of `--store`, else the store the
 * configuration names (`store:` in llm.config.yaml), else
 * `conversations.sqlite` in the per-user data folder (see `dataDir`),
 * created on first use.
 */
export async function openChatStore(
  runtime: LlmRuntime,
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ChatStore> {
  if (option === undefined && runtime.config.store !== undefined) {
    // The runtime owns it and closes it.
    return {
      store: runtime.store,
      where: `the configured ${runtime.config.store.kind} store`,
      close: () => Promise.resolve(),
    };
  }
  const path =
    option === undefined ? join(dataDir(env), 'conversations.sqlite') : resolve(cwd, option);
  mkdirSync(dirname(path), { recursive: true });
  const store = await openSqliteStore({ path });
  return { store, where: path, close: () => store.close() };
}
