import { randomUUID } from 'node:crypto';
import {
  ConversationConflictError,
  InvalidRequestError,
  NotFoundError,
  type ChatMessage,
  type ConversationStore,
  type StoredTurn,
} from '@org/llm-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** Options of {@link describeConversationStoreContract}. */
export interface ConversationStoreContractOptions {
  /** Names the suite in the test report. */
  readonly name: string;
  /**
   * Returns the store under test; called once for the suite. Every test
   * works on conversation ids of its own, so the store may hold other data.
   */
  readonly createStore: () => ConversationStore | Promise<ConversationStore>;
  /** Runs after the suite (close the store, stop its server). */
  readonly teardown?: ((store: ConversationStore) => void | Promise<void>) | undefined;
  /**
   * Whether expiry follows this process's `Date.now()` (`client`, the
   * default: fake timers can move it) or the server's own clock (`server`,
   * e.g. Redis key expiry: the suite then checks only the reported expiry).
   */
  readonly ttlClock?: 'client' | 'server' | undefined;
}

/** Messages of every shape a conversation holds, for round trips. */
export const everyMessageShape: readonly ChatMessage[] = [
  { role: 'system', content: 'Answer in French.' },
  {
    role: 'user',
    content: 'Plain text with unicode: héllo, 你好, 🎉, "quotes", \\ and \n new lines.',
  },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Look at these.' },
      { type: 'image', url: 'https://example.com/cat.png' },
      { type: 'image', data: new Uint8Array([137, 80, 78, 71, 0, 255]), mediaType: 'image/png' },
      { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
    ],
    providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
  },
  {
    role: 'assistant',
    content: [
      {
        type: 'reasoning',
        text: 'They want the weather.',
        signature: 'sig-123',
        provider: 'anthropic',
      },
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool-call',
        toolCallId: 'call_1',
        toolName: 'weather',
        input: { city: 'Paris', days: [1, 2], nested: { ok: true, none: null } },
      },
    ],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: 'call_1',
        toolName: 'weather',
        output: { temperature: 21.5, unit: 'C' },
      },
    ],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: 'call_1',
        toolName: 'weather',
        output: 'timeout',
        isError: true,
      },
    ],
  },
  { role: 'assistant', content: 'It is 21.5 °C in Paris.' },
];

/** Image bytes become base64 text in stores that keep JSON; both mean the same image. */
function normalise(messages: readonly ChatMessage[]): unknown {
  return JSON.parse(
    JSON.stringify(messages, (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
    ),
  );
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const user = (text: string): ChatMessage => ({ role: 'user', content: text });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', content: text });

/**
 * The behaviour every `ConversationStore` must have, as a Vitest suite:
 * versioned appends with conflicts, turn statuses and usage, message round
 * trips, copies in and out, paging, listing, metadata, TTL, summaries and
 * argument checks. Our stores run it; run it against your own:
 *
 * @example
 * describeConversationStoreContract({
 *   name: 'my-store',
 *   createStore: () => new MyStore(),
 * });
 */
export function describeConversationStoreContract(options: ConversationStoreContractOptions): void {
  describe(`ConversationStore contract: ${options.name}`, () => {
    let store: ConversationStore;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    /** A conversation id no other test uses. */
    const freshId = (label: string): string => `contract-${run}-${label}-${++counter}`;

    beforeAll(async () => {
      store = await options.createStore();
    });
    afterAll(async () => {
      await options.teardown?.(store);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('says nothing exists for an unknown id', async () => {
      const id = freshId('unknown');
      expect(await store.load(id)).toBeUndefined();
      expect(await store.loadPage(id)).toBeUndefined();
      await store.delete(id);
    });

    it('appends turns with gap-free versions and loads them back', async () => {
      const id = freshId('append');
      const before = Date.now();
      expect(await store.append(id, [user('one'), assistant('1')], { expectedVersion: 0 })).toEqual(
        { version: 1 },
      );
      expect(await store.append(id, [user('two'), assistant('2')], { expectedVersion: 1 })).toEqual(
        { version: 2 },
      );
      const loaded = (await store.load(id))!;
      expect(loaded.id).toBe(id);
      expect(loaded.version).toBe(2);
      expect(loaded.turns.map((turn) => turn.version)).toEqual([1, 2]);
      expect(loaded.turns.map((turn) => turn.status)).toEqual(['complete', 'complete']);
      expect(loaded.messages).toEqual([user('one'), assistant('1'), user('two'), assistant('2')]);
      expect(loaded.metadata).toEqual({});
      expect(loaded.summaries).toEqual([]);
      expect(loaded.expiresAt).toBeUndefined();
      expect(loaded.createdAt).toBeInstanceOf(Date);
      expect(loaded.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(loaded.updatedAt.getTime()).toBeGreaterThanOrEqual(loaded.createdAt.getTime());
      expect(loaded.turns[1]!.createdAt).toBeInstanceOf(Date);
    });

    it('refuses a stale append with ConversationConflictError and changes nothing', async () => {
      const id = freshId('conflict');
      await store.append(id, [user('one')], { expectedVersion: 0 });
      for (const expectedVersion of [0, 2]) {
        const error = await rejection(store.append(id, [user('stale')], { expectedVersion }));
        expect(ConversationConflictError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ conversationId: id, expectedVersion, actualVersion: 1 });
      }
      const loaded = (await store.load(id))!;
      expect(loaded.version).toBe(1);
      expect(loaded.messages).toEqual([user('one')]);
    });

    it('lets exactly one of several concurrent appends at the same version win', async () => {
      const id = freshId('race');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, index) =>
          store.append(id, [user(`writer ${index}`)], { expectedVersion: 0 }),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(ConversationConflictError.isInstance(outcome.reason)).toBe(true);
        }
      }
      const loaded = (await store.load(id))!;
      expect(loaded.version).toBe(1);
      expect(loaded.turns).toHaveLength(1);
    });

    it('keeps a turn status and its usage; interrupted turns keep their partial text', async () => {
      const id = freshId('status');
      const usage = {
        inputTokens: 12,
        outputTokens: 3,
        cacheReadTokens: undefined,
        cacheWriteTokens: 4,
        reasoningTokens: undefined,
      };
      await store.append(id, [user('q'), assistant('partial ans')], {
        expectedVersion: 0,
        status: 'interrupted',
        usage,
      });
      await store.append(id, [user('q2'), assistant('a2')], { expectedVersion: 1 });
      const [interrupted, complete] = (await store.load(id))!.turns as [StoredTurn, StoredTurn];
      expect(interrupted.status).toBe('interrupted');
      expect(interrupted.messages).toEqual([user('q'), assistant('partial ans')]);
      expect(interrupted.usage?.inputTokens).toBe(12);
      expect(interrupted.usage?.outputTokens).toBe(3);
      expect(interrupted.usage?.cacheWriteTokens).toBe(4);
      expect(interrupted.usage?.cacheReadTokens).toBeUndefined();
      expect(complete.status).toBe('complete');
      expect(complete.usage).toBeUndefined();
    });

    it('round-trips every message shape', async () => {
      const id = freshId('shapes');
      await store.append(id, everyMessageShape, { expectedVersion: 0 });
      const loaded = (await store.load(id))!;
      expect(normalise(loaded.messages)).toEqual(normalise(everyMessageShape));
      expect(normalise(loaded.turns[0]!.messages)).toEqual(normalise(everyMessageShape));
    });

    it('copies messages in and out', async () => {
      const id = freshId('copies');
      const messages: ChatMessage[] = [user('original')];
      await store.append(id, messages, { expectedVersion: 0 });
      messages.push(user('added later'));
      (messages[0] as { content: string }).content = 'mutated';
      const first = (await store.load(id))!;
      (first.messages as ChatMessage[]).push(user('pushed'));
      (first.turns[0]!.messages as ChatMessage[]).length = 0;
      const second = (await store.load(id))!;
      expect(second.messages).toEqual([user('original')]);
      expect(second.turns[0]!.messages).toEqual([user('original')]);
    });

    it('pages through a long conversation, newest page first', async () => {
      const id = freshId('pages');
      for (let version = 0; version < 7; version++) {
        await store.append(id, [user(`q${version + 1}`), assistant(`a${version + 1}`)], {
          expectedVersion: version,
        });
      }
      const first = (await store.loadPage(id, { limit: 3 }))!;
      expect(first.info.version).toBe(7);
      expect(first.turns.map((turn) => turn.version)).toEqual([5, 6, 7]);
      expect(first.turns[0]!.messages).toEqual([user('q5'), assistant('a5')]);
      expect(first.beforeVersion).toBe(5);
      const second = (await store.loadPage(id, { limit: 3, beforeVersion: first.beforeVersion }))!;
      expect(second.turns.map((turn) => turn.version)).toEqual([2, 3, 4]);
      const last = (await store.loadPage(id, { limit: 3, beforeVersion: second.beforeVersion }))!;
      expect(last.turns.map((turn) => turn.version)).toEqual([1]);
      expect(last.beforeVersion).toBeUndefined();
      const all = (await store.loadPage(id))!;
      expect(all.turns.map((turn) => turn.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(all.beforeVersion).toBeUndefined();
    });

    it('creates a conversation with metadata once, then appends to it', async () => {
      const id = freshId('create');
      const info = await store.create(id, { metadata: { user: 'ada', tags: ['vip'], n: 1 } });
      expect(info).toMatchObject({
        id,
        version: 0,
        metadata: { user: 'ada', tags: ['vip'], n: 1 },
      });
      expect(info.expiresAt).toBeUndefined();
      const again = await rejection(store.create(id));
      expect(ConversationConflictError.isInstance(again)).toBe(true);
      expect((again as Error).message).toMatch(/already exists/);
      const loaded = (await store.load(id))!;
      expect(loaded.version).toBe(0);
      expect(loaded.turns).toEqual([]);
      expect(loaded.metadata).toEqual({ user: 'ada', tags: ['vip'], n: 1 });
      await store.append(id, [user('hi')], { expectedVersion: 0 });
      expect((await store.load(id))!.metadata).toEqual({ user: 'ada', tags: ['vip'], n: 1 });
    });

    it('replaces metadata, and refuses it for an unknown conversation', async () => {
      const id = freshId('metadata');
      await store.append(id, [user('hi')], { expectedVersion: 0 });
      const info = await store.setMetadata(id, { title: 'Trip to Paris' });
      expect(info).toMatchObject({ id, version: 1, metadata: { title: 'Trip to Paris' } });
      expect((await store.load(id))!.metadata).toEqual({ title: 'Trip to Paris' });
      const missing = await rejection(store.setMetadata(freshId('missing'), { a: 1 }));
      expect(NotFoundError.isInstance(missing)).toBe(true);
    });

    it('lists conversations by id, filtered by prefix, a page at a time', async () => {
      const prefix = `${freshId('list')}:`;
      for (const name of ['c', 'a', 'e', 'b', 'd']) {
        await store.append(`${prefix}${name}`, [user(name)], { expectedVersion: 0 });
      }
      await store.create(`${prefix}f`, { metadata: { empty: true } });
      await store.append(`${prefix.slice(0, -1)}-other`, [user('x')], { expectedVersion: 0 });
      const first = await store.list({ prefix, limit: 4 });
      expect(first.conversations.map((info) => info.id)).toEqual(
        ['a', 'b', 'c', 'd'].map((name) => prefix + name),
      );
      expect(first.conversations[0]!.version).toBe(1);
      expect(first.next).toBeDefined();
      const second = await store.list({ prefix, limit: 4, after: first.next });
      expect(second.conversations.map((info) => info.id)).toEqual([`${prefix}e`, `${prefix}f`]);
      expect(second.conversations[1]!.metadata).toEqual({ empty: true });
      expect(second.next).toBeUndefined();
      await store.delete(`${prefix}b`);
      const after = await store.list({ prefix });
      expect(after.conversations.map((info) => info.id)).toEqual(
        ['a', 'c', 'd', 'e', 'f'].map((name) => prefix + name),
      );
    });

    it('filters by a prefix with characters beyond ASCII', async () => {
      const prefix = `${freshId('unicode')}-ü🎉:`;
      await store.append(`${prefix}one`, [user('a')], { expectedVersion: 0 });
      await store.append(`${prefix}two`, [user('b')], { expectedVersion: 0 });
      await store.append(`${prefix.slice(0, -2)}:three`, [user('c')], { expectedVersion: 0 });
      const listed = await store.list({ prefix });
      expect(listed.conversations.map((info) => info.id)).toEqual([`${prefix}one`, `${prefix}two`]);
    });

    it('stores summaries beside the turns and replaces one of the same range', async () => {
      const id = freshId('summary');
      for (let version = 0; version < 3; version++) {
        await store.append(id, [user(`q${version}`)], { expectedVersion: version });
      }
      await store.saveSummary(id, { fromVersion: 1, toVersion: 2, text: 'first take' });
      await store.saveSummary(id, {
        fromVersion: 1,
        toVersion: 2,
        text: 'Ada asked twice.',
        model: 'openai:gpt-4o-mini',
        usage: {
          inputTokens: 50,
          outputTokens: 8,
          cacheReadTokens: undefined,
          cacheWriteTokens: undefined,
          reasoningTokens: undefined,
        },
      });
      await store.saveSummary(id, { fromVersion: 1, toVersion: 3, text: 'Ada asked thrice.' });
      const loaded = (await store.load(id))!;
      expect(loaded.turns).toHaveLength(3);
      const summaries = [...loaded.summaries].sort((a, b) => a.toVersion - b.toVersion);
      expect(summaries).toHaveLength(2);
      expect(summaries[0]).toMatchObject({
        fromVersion: 1,
        toVersion: 2,
        text: 'Ada asked twice.',
        model: 'openai:gpt-4o-mini',
      });
      expect(summaries[0]!.usage?.inputTokens).toBe(50);
      expect(summaries[0]!.createdAt).toBeInstanceOf(Date);
      expect(summaries[1]).toMatchObject({
        fromVersion: 1,
        toVersion: 3,
        text: 'Ada asked thrice.',
      });
      const beyond = await rejection(
        store.saveSummary(id, { fromVersion: 1, toVersion: 4, text: 'future' }),
      );
      expect(ConversationConflictError.isInstance(beyond)).toBe(true);
      const missing = await rejection(
        store.saveSummary(freshId('nobody'), { fromVersion: 1, toVersion: 1, text: 'x' }),
      );
      expect(NotFoundError.isInstance(missing)).toBe(true);
    });

    it('deletes a conversation with its turns and summaries; a new one may reuse the id', async () => {
      const id = freshId('delete');
      await store.append(id, [user('old')], { expectedVersion: 0 });
      await store.saveSummary(id, { fromVersion: 1, toVersion: 1, text: 'old' });
      await store.delete(id);
      expect(await store.load(id)).toBeUndefined();
      await store.delete(id);
      expect(await store.append(id, [user('new')], { expectedVersion: 0 })).toEqual({ version: 1 });
      const loaded = (await store.load(id))!;
      expect(loaded.messages).toEqual([user('new')]);
      expect(loaded.summaries).toEqual([]);
    });

    it('refuses bad arguments with InvalidRequestError and stores nothing', async () => {
      const id = freshId('bad');
      const cases: (() => Promise<unknown>)[] = [
        () => store.load(''),
        () => store.append('', [user('x')], { expectedVersion: 0 }),
        () => store.append('x'.repeat(513), [user('x')], { expectedVersion: 0 }),
        () => store.append(id, [], { expectedVersion: 0 }),
        () => store.append(id, [user('x')], { expectedVersion: -1 }),
        () => store.append(id, [user('x')], { expectedVersion: 0.5 }),
        () =>
          store.append(id, [{ role: 'robot', content: 'beep' } as unknown as ChatMessage], {
            expectedVersion: 0,
          }),
        () =>
          store.append(id, [user('ok'), { role: 'user', content: 42 } as unknown as ChatMessage], {
            expectedVersion: 0,
          }),
        () =>
          store.append(id, [user('x')], {
            expectedVersion: 0,
            status: 'lost' as unknown as 'complete',
          }),
        () => store.loadPage(id, { limit: 0 }),
        () => store.list({ limit: 1001 }),
        () => store.create(id, { ttlMs: -5 }),
        () => store.create(id, { metadata: [] as unknown as Record<string, unknown> }),
        () => store.saveSummary(id, { fromVersion: 2, toVersion: 1, text: 'x' }),
      ];
      for (const call of cases) {
        const error = await rejection(call());
        expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      }
      expect(await store.load(id)).toBeUndefined();
    });

    it('names the bad message of an append', async () => {
      const error = await rejection(
        store.append(
          freshId('named'),
          [
            user('ok'),
            { role: 'assistant', content: [{ type: 'text' }] } as unknown as ChatMessage,
          ],
          {
            expectedVersion: 0,
          },
        ),
      );
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/message 1/);
      expect((error as Error).message).toMatch(/text/);
    });

    if ((options.ttlClock ?? 'client') === 'client') {
      it('expires a conversation ttlMs after its last change', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        const start = Date.now();
        const id = freshId('ttl');
        const created = await store.create(id, { ttlMs: 60_000, metadata: { a: 1 } });
        expect(created.expiresAt?.getTime()).toBe(start + 60_000);
        vi.setSystemTime(start + 50_000);
        await store.append(id, [user('still here')], { expectedVersion: 0 });
        vi.setSystemTime(start + 100_000);
        const loaded = await store.load(id);
        expect(loaded?.version).toBe(1);
        expect(loaded?.expiresAt?.getTime()).toBe(start + 110_000);
        vi.setSystemTime(start + 110_001);
        expect(await store.load(id)).toBeUndefined();
        expect((await store.list({ prefix: id })).conversations).toEqual([]);
        // The id is free again: a new conversation starts at version 0.
        expect(await store.append(id, [user('new life')], { expectedVersion: 0 })).toEqual({
          version: 1,
        });
        const reborn = (await store.load(id))!;
        expect(reborn.messages).toEqual([user('new life')]);
        expect(reborn.metadata).toEqual({});
      });
    } else {
      it('reports when a conversation with a TTL expires', async () => {
        const id = freshId('ttl');
        const before = Date.now();
        const created = await store.create(id, { ttlMs: 600_000 });
        expect(created.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 600_000);
        expect(created.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
        await store.append(id, [user('hi')], { expectedVersion: 0 });
        const loaded = (await store.load(id))!;
        expect(loaded.expiresAt!.getTime()).toBeGreaterThanOrEqual(created.expiresAt!.getTime());
      });
    }
  });
}
