// Stored data this package cannot read (a corrupted row, a turn in an
// unknown format, a message of the wrong shape, a schema newer than the
// package) gives a typed error naming the conversation, the turn and what is
// wrong: never a crash, never a silent skip, and other conversations still load.
import { DatabaseSync } from 'node:sqlite';
import { ConfigError, ConversationDataError } from '@org/llm-core';
import { Redis, Cluster } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClosableConversationStore } from '../src/closable-conversation-store.ts';
import { openStore, type StoreSpec } from '../src/test-support/store-spec.ts';
import { removeSqliteFiles, storeTargets } from '../src/test-support/store-targets.ts';

afterAll(removeSqliteFiles);

/** Writes raw values into a store's turn 2 (or meta), bypassing the store. */
interface Tamper {
  turn(
    id: string,
    change: 'not-json' | 'future-format' | 'wrong-message' | 'unknown-status',
  ): Promise<void>;
  metadata(id: string): Promise<void>;
  schemaVersion(version: number): Promise<void>;
  close(): Promise<void>;
}

const wrongMessage = JSON.stringify([
  { role: 'user', content: 'fine' },
  { role: 'assistant', content: 42 },
]);

function tamperer(spec: StoreSpec): Tamper {
  switch (spec.kind) {
    case 'sqlite': {
      const db = new DatabaseSync(spec.path);
      const set = (id: string, column: string, value: string | number): void => {
        db.prepare(
          `UPDATE llm_turns SET ${column} = ? WHERE conversation_id = ? AND version = 2`,
        ).run(value, id);
      };
      return {
        turn: async (id, change) => {
          if (change === 'not-json') set(id, 'messages', '[{"role":"user","content":"cut sho');
          if (change === 'future-format') set(id, 'format', 2);
          if (change === 'wrong-message') set(id, 'messages', wrongMessage);
          if (change === 'unknown-status') set(id, 'status', 'lost');
        },
        metadata: async (id) => {
          db.prepare('UPDATE llm_conversations SET metadata = ? WHERE id = ?').run('{"broken', id);
        },
        schemaVersion: async (version) => {
          db.exec(`PRAGMA user_version = ${version}`);
        },
        close: async () => {
          db.close();
        },
      };
    }
    case 'postgres': {
      const client = new pg.Client({ connectionString: spec.url });
      const ready = client.connect();
      const table = (name: string): string => `"${spec.schema}".llm_${name}`;
      const set = async (id: string, column: string, value: string | number): Promise<void> => {
        await ready;
        await client.query(
          `UPDATE ${table('turns')} SET ${column} = $1 WHERE conversation_id = $2 AND version = 2`,
          [value, id],
        );
      };
      return {
        // A json column cannot hold broken JSON: the nearest corruption is a value of the wrong shape.
        turn: async (id, change) => {
          if (change === 'not-json') await set(id, 'messages', '{"role":"user"}');
          if (change === 'future-format') await set(id, 'format', 2);
          if (change === 'wrong-message') await set(id, 'messages', wrongMessage);
          if (change === 'unknown-status') await set(id, 'status', 'lost');
        },
        metadata: async (id) => {
          await ready;
          await client.query(
            `UPDATE ${table('conversations')} SET metadata = '[1, 2]' WHERE id = $1`,
            [id],
          );
        },
        schemaVersion: async (version) => {
          await ready;
          await client.query(`INSERT INTO ${table('schema_migrations')} (version) VALUES ($1)`, [
            version,
          ]);
        },
        close: async () => {
          await ready;
          await client.end();
        },
      };
    }
    case 'redis':
    case 'redis-cluster': {
      const client = spec.kind === 'redis' ? new Redis(spec.url) : new Cluster([...spec.nodes]);
      const key = (id: string, part: string): string => `${spec.prefix}{${id}}:${part}`;
      const setTurn = async (id: string, value: string): Promise<void> => {
        await client.lset(key(id, 'turns'), 1, value);
      };
      return {
        turn: async (id, change) => {
          const original = JSON.parse((await client.lindex(key(id, 'turns'), 1))!) as Record<
            string,
            unknown
          >;
          if (change === 'not-json')
            await setTurn(id, '{"f":1,"s":"complete","m":[{"role":"user","con');
          if (change === 'future-format') await setTurn(id, JSON.stringify({ ...original, f: 2 }));
          if (change === 'wrong-message')
            await setTurn(id, JSON.stringify({ ...original, m: JSON.parse(wrongMessage) }));
          if (change === 'unknown-status')
            await setTurn(id, JSON.stringify({ ...original, s: 'lost' }));
        },
        metadata: async (id) => {
          await client.hset(key(id, 'meta'), 'metadata', 'not json');
        },
        schemaVersion: async () => undefined,
        close: async () => {
          await client.quit();
        },
      };
    }
  }
}

const expectations = {
  'not-json': /turn 2 (is not valid JSON|holds no list of messages)/,
  'future-format':
    /turn 2 was stored in format 2 by a newer version of @org\/llm-memory; this version reads format 1: upgrade @org\/llm-memory/,
  'wrong-message':
    /turn 2 holds a message that is not a valid ChatMessage \(messages\[1\]\.content: /,
  'unknown-status': /turn 2 has an unknown status "lost"/,
} as const;

async function seed(store: ClosableConversationStore, id: string): Promise<void> {
  for (let version = 0; version < 3; version++) {
    await store.append(
      id,
      [
        { role: 'user', content: `q${version + 1}` },
        { role: 'assistant', content: `a${version + 1}` },
      ],
      { expectedVersion: version },
    );
  }
}

describe('stored data that cannot be read', () => {
  for (const target of storeTargets()) {
    if (target.spec === undefined) {
      console.log(`Skipping the bad-data checks on ${target.name}: ${target.skip ?? ''}.`);
      it.skip(`${target.name}: ${target.skip ?? ''}`, () => undefined);
      continue;
    }
    const spec = target.spec;
    it(`${target.name}: a corrupted, unknown-format or wrong-typed turn gives a ConversationDataError naming it`, async () => {
      const storeSpec = spec(`bad-data-${Date.now()}`);
      const store = await openStore(storeSpec);
      const tamper = tamperer(storeSpec);
      try {
        await seed(store, 'healthy');
        for (const change of Object.keys(expectations) as (keyof typeof expectations)[]) {
          const id = `broken-${change}`;
          await seed(store, id);
          await tamper.turn(id, change);
          const error = await store.load(id).catch((caught: unknown) => caught);
          expect(ConversationDataError.isInstance(error), `${change}: ${String(error)}`).toBe(true);
          expect(error).toMatchObject({
            conversationId: id,
            version: 2,
            code: 'conversation-data',
          });
          expect((error as Error).message).toMatch(new RegExp(`^Conversation '${id}': `));
          expect((error as Error).message).toMatch(expectations[change]);
          // The page without the broken turn still loads; the one with it fails the same way.
          expect(
            (await store.loadPage(id, { limit: 1 }))!.turns.map((turn) => turn.version),
          ).toEqual([3]);
          await expect(store.loadPage(id, { limit: 2 })).rejects.toThrow(ConversationDataError);
        }
        const metadataId = 'broken-metadata';
        await seed(store, metadataId);
        await tamper.metadata(metadataId);
        const error = await store.load(metadataId).catch((caught: unknown) => caught);
        expect(ConversationDataError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(
          /^Conversation 'broken-metadata': its metadata is not/,
        );
        expect((await store.load('healthy'))!.version).toBe(3);
      } finally {
        await tamper.close();
        await store.close();
      }
    });

    if (storeSpecKind(target.name) !== 'redis') {
      it(`${target.name}: a schema newer than the package is refused at open with ConfigError`, async () => {
        const storeSpec = spec(`future-schema-${Date.now()}`);
        await (await openStore(storeSpec)).close();
        const tamper = tamperer(storeSpec);
        await tamper.schemaVersion(99);
        await tamper.close();
        const error = await openStore(storeSpec).catch((caught: unknown) => caught);
        expect(ConfigError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(
          /schema version 99, newer than this version .*upgrade @org\/llm-memory/,
        );
      });
    }
  }
});

function storeSpecKind(name: string): 'sql' | 'redis' {
  return name.startsWith('Redis') ? 'redis' : 'sql';
}
