// Runs the examples that the docs quote, against the servers of the global setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockChatModel } from '@org/llm-testkit';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  answer,
  openEmbeddedStore,
  openRedis,
  openRedisCluster,
  openSharedStore,
} from '../examples/open-stores.ts';
import { scrollBack, startThread, threadsOf } from '../examples/store-features.ts';
import { budgetedChat, summarisingChat } from '../examples/token-budget.ts';
import { sendFromAnyInstance, shownTurns } from '../examples/multi-instance.ts';

const dir = mkdtempSync(join(tmpdir(), 'llm-memory-examples-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const servers = inject('servers');

const echo = (): MockChatModel =>
  new MockChatModel({
    respond: (request) => `You said: ${JSON.stringify(request.messages.at(-1)?.content)}`,
  });

describe('memory examples', () => {
  it('open-stores: a web request answers from the shared history (SQLite file)', async () => {
    const store = await openEmbeddedStore(join(dir, 'conversations.db'));
    const model = echo();
    await answer(store, model, 'ada:1', 'My name is Ada.');
    expect(await answer(store, model, 'ada:1', 'Who am I?')).toBe('You said: "Who am I?"');
    expect(model.lastRequest.messages).toHaveLength(3);
    expect(model.lastRequest.system).toBe('You are concise.');
    const loaded = await store.load('ada:1');
    expect(loaded?.expiresAt).toBeDefined();
    await store.close();
  });

  it('open-stores: PostgreSQL, Redis over TLS with a password, and Redis Cluster open and answer', async (context) => {
    const opened = [];
    if (!('skip' in servers.postgres)) opened.push(await openSharedStore(servers.postgres.url));
    if (!('skip' in servers.secureRedis))
      opened.push(await openRedis(servers.secureRedis.url, servers.secureRedis.ca));
    if (!('skip' in servers.redisCluster))
      opened.push(await openRedisCluster(servers.redisCluster.nodes));
    if (opened.length === 0) context.skip('no server of the global setup is running');
    for (const store of opened) {
      const id = `example-${Date.now()}`;
      expect(await answer(store, echo(), id, 'hello')).toBe('You said: "hello"');
      expect((await store.load(id))?.version).toBe(1);
      await store.delete(id);
      await store.close();
    }
  });

  it('store-features: threads of a user with titles, and scrolling back 20 turns at a time', async () => {
    const store = await openEmbeddedStore(join(dir, 'features.db'));
    const first = await startThread(store, 'grace', 'Trip to Paris');
    await startThread(store, 'grace', 'Tax return');
    await startThread(store, 'alan', 'Not Grace');
    expect((await threadsOf(store, 'grace')).sort()).toEqual(['Tax return', 'Trip to Paris']);
    for (let version = 0; version < 45; version++) {
      await store.append(first, [{ role: 'user', content: `q${version + 1}` }], {
        expectedVersion: version,
      });
    }
    const pages: number[][] = [];
    for await (const turns of scrollBack(store, first))
      pages.push(turns.map((turn) => turn.version));
    expect(pages.map((page) => [page[0], page.at(-1)])).toEqual([
      [26, 45],
      [6, 25],
      [1, 5],
    ]);
    await store.close();
  });

  it('token-budget: trims to the window and summarises what no longer fits', async () => {
    const store = await openEmbeddedStore(join(dir, 'budget.db'));
    const small = { contextWindow: 1400, maxOutputTokens: 100 };
    const model = new MockChatModel({ capabilities: small, respond: () => 'x'.repeat(400) });
    const chat = budgetedChat(model, store, 'budget');
    for (let turn = 0; turn < 6; turn++) await chat.send(`question ${turn} ${'y'.repeat(400)}`);
    expect(model.lastRequest.messages.length).toBeLessThan(11);
    expect(model.lastRequest.messages[0]?.role).toBe('user');

    const cheap = new MockChatModel({ respond: () => 'They asked six long questions.' });
    const summarising = summarisingChat(
      new MockChatModel({ capabilities: small, respond: () => 'x'.repeat(400) }),
      cheap,
      store,
      'budget',
    );
    await summarising.send('one more');
    expect(cheap.calls).toHaveLength(1);
    expect((await store.load('budget'))?.summaries[0]?.text).toBe('They asked six long questions.');
    await store.close();
  });

  it('multi-instance: concurrent turns from many instances are all stored', async () => {
    const store = await openEmbeddedStore(join(dir, 'instances.db'));
    const model = echo();
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((question) => sendFromAnyInstance(store, model, 'shared', question)),
    );
    const loaded = await store.load('shared');
    expect(loaded?.turns.map((turn) => turn.version)).toEqual([1, 2, 3, 4]);
    expect(await shownTurns(budgetedChat(model, store, 'shared'))).toEqual([
      '1 complete: 2 messages',
      '2 complete: 2 messages',
      '3 complete: 2 messages',
      '4 complete: 2 messages',
    ]);
    await store.close();
  });
});
