import { describe, expect, it } from 'vitest';
import { ConversationConflictError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';

describe('InMemoryConversationStore', () => {
  it('appends conditionally on the version', async () => {
    const store = new InMemoryConversationStore();
    expect(await store.load('c')).toBeUndefined();
    expect(
      await store.append('c', [{ role: 'user', content: 'a' }], { expectedVersion: 0 }),
    ).toEqual({ version: 1 });
    const error: unknown = await store
      .append('c', [{ role: 'user', content: 'b' }], { expectedVersion: 0 })
      .catch((caught: unknown) => caught);
    expect(ConversationConflictError.isInstance(error)).toBe(true);
    expect((error as ConversationConflictError).actualVersion).toBe(1);
    expect(await store.load('c')).toEqual({
      messages: [{ role: 'user', content: 'a' }],
      version: 1,
    });
  });

  it('copies messages in and out', async () => {
    const store = new InMemoryConversationStore();
    const messages: ChatMessage[] = [
      {
        role: 'user',
        content: [{ type: 'image', data: new Uint8Array([1]), mediaType: 'image/png' }],
      },
    ];
    await store.append('c', messages, { expectedVersion: 0 });
    messages.length = 0;
    const loaded = await store.load('c');
    (loaded!.messages as ChatMessage[]).push({ role: 'user', content: 'mutated' });
    expect((await store.load('c'))!.messages).toHaveLength(1);
  });

  it('deletes', async () => {
    const store = new InMemoryConversationStore();
    await store.append('c', [{ role: 'user', content: 'a' }], { expectedVersion: 0 });
    await store.delete('c');
    await store.delete('missing');
    expect(await store.load('c')).toBeUndefined();
  });
});
