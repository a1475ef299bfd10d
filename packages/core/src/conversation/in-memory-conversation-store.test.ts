// The store's full behaviour is checked by the ConversationStore contract
// suite (@org/llm-testkit/vitest, run in packages/testkit); these tests cover
// what is particular to the in-memory store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidRequestError } from '../errors/provider-errors.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('InMemoryConversationStore', () => {
  it('applies the store-wide TTL to conversations created by an append', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new InMemoryConversationStore({ ttlMs: 1000 });
    await store.append('c', [{ role: 'user', content: 'a' }], { expectedVersion: 0 });
    expect((await store.load('c'))?.expiresAt?.getTime()).toBe(Date.now() + 1000);
    vi.setSystemTime(Date.now() + 1000);
    expect(await store.load('c')).toBeUndefined();
  });

  it('lets create() override the store-wide TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new InMemoryConversationStore({ ttlMs: 1000 });
    await store.create('c', { ttlMs: 5000 });
    vi.setSystemTime(Date.now() + 4000);
    expect(await store.load('c')).toBeDefined();
  });

  it('refuses a bad store-wide TTL', () => {
    expect(() => new InMemoryConversationStore({ ttlMs: 0 })).toThrow(InvalidRequestError);
  });

  it('keeps image bytes as bytes', async () => {
    const store = new InMemoryConversationStore();
    const data = new Uint8Array([1, 2, 3]);
    await store.append(
      'c',
      [{ role: 'user', content: [{ type: 'image', data, mediaType: 'image/png' }] }],
      {
        expectedVersion: 0,
      },
    );
    const loaded = await store.load('c');
    expect(loaded?.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'image', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' }],
    });
  });
});
