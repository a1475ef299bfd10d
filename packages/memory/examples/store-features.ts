// docs/guides/conversation-stores.md quotes this file; test/examples.test.ts runs it.
import { randomUUID } from 'node:crypto';
import type { ConversationStore, StoredTurn } from '@org/llm-core';

/** A thread list for one user: conversations whose id starts with the user's id, a page at a time. */
export async function threadsOf(store: ConversationStore, userId: string): Promise<string[]> {
  const titles: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.list({ prefix: `${userId}:`, after, limit: 100 });
    for (const info of page.conversations) {
      titles.push(typeof info.metadata.title === 'string' ? info.metadata.title : info.id);
    }
    after = page.next;
  } while (after !== undefined);
  return titles;
}

/** A new thread with a title and a 30-day TTL (started again by every turn). */
export async function startThread(
  store: ConversationStore,
  userId: string,
  title: string,
): Promise<string> {
  const id = `${userId}:${randomUUID()}`;
  await store.create(id, { metadata: { title }, ttlMs: 30 * 24 * 60 * 60 * 1000 });
  return id;
}

/** The newest turns first, 20 at a time: what a chat window shows while scrolling up. */
export async function* scrollBack(
  store: ConversationStore,
  id: string,
): AsyncGenerator<readonly StoredTurn[]> {
  let beforeVersion: number | undefined;
  do {
    const page = await store.loadPage(id, { beforeVersion, limit: 20 });
    if (page === undefined) return;
    yield page.turns;
    beforeVersion = page.beforeVersion;
  } while (beforeVersion !== undefined);
}
