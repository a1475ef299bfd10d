// What the conversation-memory benchmark measures: our stores, LangChain's
// message histories, and the bare engines (the floor), each holding the same
// 1,000-message conversation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { InMemoryChatMessageHistory } from '@langchain/core/chat_history';
import { AIMessage, HumanMessage, trimMessages, type BaseMessage } from '@langchain/core/messages';
import { RedisChatMessageHistory } from '@langchain/redis';
import {
  InMemoryConversationStore,
  tokenBudget,
  type ChatMessage,
  type ConversationStore,
} from '@org/llm-core';
import {
  openAITokenCounter,
  openPostgresStore,
  openRedisStore,
  openSqliteStore,
} from '@org/llm-memory';
import { Redis } from 'ioredis';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import pg from 'pg';
import { benchConversation, messageText } from './memory-corpus.ts';

/** Where the servers the subjects need listen, or why they are missing. */
export interface MemoryServers {
  readonly redis: string | { readonly skip: string };
  readonly postgres: string | { readonly skip: string };
}

/** One subject, open and holding the conversation. */
export interface OpenSubject {
  /** Reads the whole conversation; resolves to its messages. */
  load(): Promise<readonly unknown[]>;
  /** Chooses the messages of an 8,000-token window, the new input last (absent for the bare engines). */
  trim?: ((loaded: readonly unknown[], input: ChatMessage) => Promise<unknown>) | undefined;
  /** Appends one turn (a question and its answer). */
  append(turn: readonly [ChatMessage, ChatMessage]): Promise<void>;
  close(): Promise<void>;
}

export interface MemorySubject {
  readonly id: string;
  readonly label: string;
  /** `ours`, `langchain`, or `floor` (the engine alone: one row or element per message, no checks). */
  readonly kind: 'ours' | 'langchain' | 'floor';
  /** The engine, for grouping. */
  readonly engine: 'in-memory' | 'sqlite' | 'postgres' | 'redis';
  /** Opens the subject with `messages` stored, or says why it cannot. */
  open(servers: MemoryServers, messages: readonly ChatMessage[]): Promise<OpenSubject | string>;
}

/** The window every trim keeps: 8,000 tokens, about the last 40 messages of the benchmark conversation. */
export const windowTokens = 8000;

const tiktoken = new Tiktoken(o200k);
const countedTexts = new Map<string, number>();
/**
 * The counter LangChain's trimMessages gets: a function that counts a whole
 * list of messages, with the same framing as ours over js-tiktoken. It
 * caches each text's count: trimMessages calls it on every prefix of the
 * history (about a thousand lists of up to a thousand messages per trim
 * here), which without a cache takes seconds per turn (see
 * `langChainUncachedTrimMs` in the results).
 */
function countLangChain(messages: BaseMessage[], cache = true): number {
  let total = 3;
  for (const message of messages) {
    // `content` when it is text: LangChain's `text` getter costs microseconds per call.
    const text = typeof message.content === 'string' ? message.content : message.text;
    let tokens = cache ? countedTexts.get(text) : undefined;
    if (tokens === undefined) {
      tokens = tiktoken.encode(text, [], []).length;
      if (cache) countedTexts.set(text, tokens);
    }
    total += 4 + tokens;
  }
  return total;
}

function toLangChain(message: ChatMessage): BaseMessage {
  return message.role === 'user'
    ? new HumanMessage(messageText(message))
    : new AIMessage(messageText(message));
}

/** Ours: one of our stores, read by `load`, trimmed by `tokenBudget` with the o200k counter. */
interface OpenedStore {
  readonly store: ConversationStore;
  readonly close: () => Promise<void>;
}

function ours(
  id: string,
  label: string,
  engine: MemorySubject['engine'],
  openStore: (servers: MemoryServers) => Promise<OpenedStore | string>,
): MemorySubject {
  return {
    id,
    label,
    kind: 'ours',
    engine,
    async open(servers, messages) {
      const opened = await openStore(servers);
      if (typeof opened === 'string') return opened;
      const { store } = opened;
      const conversation = `bench-${Date.now()}`;
      let version = 0;
      for (let index = 0; index < messages.length; index += 2) {
        ({ version } = await store.append(conversation, messages.slice(index, index + 2), {
          expectedVersion: version,
        }));
      }
      const policy = tokenBudget({
        counter: openAITokenCounter('o200k_base'),
        maxInputTokens: windowTokens,
      });
      return {
        load: async () => (await store.load(conversation))!.messages,
        trim: (loaded, input) =>
          Promise.resolve(policy.select([...(loaded as ChatMessage[]), input])),
        append: async (turn) => {
          ({ version } = await store.append(conversation, turn, { expectedVersion: version }));
        },
        close: async () => {
          await store.delete(conversation);
          await opened.close();
        },
      };
    },
  };
}

function tempSqlitePath(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-memory-'));
  return {
    path: join(dir, 'bench.db'),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every subject, ours first. */
export const memorySubjects: readonly MemorySubject[] = [
  ours('ours-in-memory', '@org/llm-core InMemoryConversationStore', 'in-memory', () =>
    Promise.resolve({ store: new InMemoryConversationStore(), close: () => Promise.resolve() }),
  ),
  ours('ours-sqlite', '@org/llm-memory SQLite (file, WAL)', 'sqlite', async () => {
    const file = tempSqlitePath();
    const store = await openSqliteStore({ path: file.path });
    return {
      store,
      close: async () => {
        await store.close();
        file.remove();
      },
    };
  }),
  ours('ours-postgres', '@org/llm-memory PostgreSQL', 'postgres', async (servers) => {
    if (typeof servers.postgres !== 'string') return servers.postgres.skip;
    const store = await openPostgresStore({ connectionString: servers.postgres, schema: 'bench' });
    return { store, close: () => store.close() };
  }),
  ours('ours-redis', '@org/llm-memory Redis', 'redis', async (servers) => {
    if (typeof servers.redis !== 'string') return servers.redis.skip;
    const store = await openRedisStore({ url: servers.redis, prefix: 'bench:' });
    return { store, close: () => store.close() };
  }),
  {
    id: 'langchain-in-memory',
    label: 'LangChain InMemoryChatMessageHistory + trimMessages',
    kind: 'langchain',
    engine: 'in-memory',
    async open(_servers, messages) {
      const history = new InMemoryChatMessageHistory();
      await history.addMessages(messages.map(toLangChain));
      return langChainSubject(history, () => Promise.resolve());
    },
  },
  {
    id: 'langchain-redis',
    label: 'LangChain RedisChatMessageHistory (@langchain/redis) + trimMessages',
    kind: 'langchain',
    engine: 'redis',
    async open(servers, messages) {
      if (typeof servers.redis !== 'string') return servers.redis.skip;
      const history = new RedisChatMessageHistory({
        sessionId: `bench-langchain-${Date.now()}`,
        config: { url: servers.redis },
      });
      await history.addMessages(messages.map(toLangChain));
      return langChainSubject(history, async () => {
        await history.clear();
        await history.client.quit();
      });
    },
  },
  {
    id: 'floor-sqlite',
    label: 'node:sqlite alone (a row per message)',
    kind: 'floor',
    engine: 'sqlite',
    open(_servers, messages) {
      const file = tempSqlitePath();
      const db = new DatabaseSync(file.path);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      db.exec('CREATE TABLE messages (seq INTEGER PRIMARY KEY, json TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO messages (json) VALUES (?)');
      const select = db.prepare('SELECT json FROM messages ORDER BY seq');
      const add = (batch: readonly ChatMessage[]): void => {
        db.exec('BEGIN IMMEDIATE');
        for (const message of batch) insert.run(JSON.stringify(message));
        db.exec('COMMIT');
      };
      add(messages);
      return Promise.resolve({
        load: () =>
          Promise.resolve(select.all().map((row) => JSON.parse(row.json as string) as unknown)),
        append: (turn) => {
          add(turn);
          return Promise.resolve();
        },
        close: () => {
          db.close();
          file.remove();
          return Promise.resolve();
        },
      });
    },
  },
  {
    id: 'floor-postgres',
    label: 'pg alone (a row per message)',
    kind: 'floor',
    engine: 'postgres',
    async open(servers, messages) {
      if (typeof servers.postgres !== 'string') return servers.postgres.skip;
      const pool = new pg.Pool({ connectionString: servers.postgres, max: 4 });
      pool.on('error', () => undefined);
      await pool.query(
        'CREATE TABLE IF NOT EXISTS bench_floor (conversation text, seq serial, message json, PRIMARY KEY (conversation, seq))',
      );
      const conversation = `bench-${Date.now()}`;
      const add = async (batch: readonly ChatMessage[]): Promise<void> => {
        const values = batch.map((_, index) => `($1, $${index + 2})`).join(', ');
        await pool.query(`INSERT INTO bench_floor (conversation, message) VALUES ${values}`, [
          conversation,
          ...batch.map((message) => JSON.stringify(message)),
        ]);
      };
      for (let index = 0; index < messages.length; index += 100)
        await add(messages.slice(index, index + 100));
      return {
        load: async () =>
          (
            await pool.query<{ message: unknown }>(
              'SELECT message FROM bench_floor WHERE conversation = $1 ORDER BY seq',
              [conversation],
            )
          ).rows.map((row) => row.message),
        append: add,
        close: async () => {
          await pool.query('DELETE FROM bench_floor WHERE conversation = $1', [conversation]);
          await pool.end();
        },
      };
    },
  },
  {
    id: 'floor-redis',
    label: 'ioredis alone (RPUSH / LRANGE)',
    kind: 'floor',
    engine: 'redis',
    async open(servers, messages) {
      if (typeof servers.redis !== 'string') return servers.redis.skip;
      const client = new Redis(servers.redis);
      const key = `bench-floor-${Date.now()}`;
      await client.rpush(key, ...messages.map((message) => JSON.stringify(message)));
      return {
        load: async () =>
          (await client.lrange(key, 0, -1)).map((json) => JSON.parse(json) as unknown),
        append: async (turn) => {
          await client.rpush(key, ...turn.map((message) => JSON.stringify(message)));
        },
        close: async () => {
          await client.del(key);
          await client.quit();
        },
      };
    },
  },
];

function langChainSubject(
  history: InMemoryChatMessageHistory | RedisChatMessageHistory,
  close: () => Promise<void>,
): OpenSubject {
  return {
    load: () => history.getMessages(),
    trim: (loaded, input) =>
      trimMessages([...(loaded as BaseMessage[]), toLangChain(input)], {
        maxTokens: windowTokens,
        tokenCounter: (messages) => countLangChain(messages),
        strategy: 'last',
        startOn: 'human',
        includeSystem: true,
      }),
    append: (turn) => history.addMessages(turn.map(toLangChain)),
    close,
  };
}

/** One LangChain trim of `messages` with a counter that caches nothing, in milliseconds. */
export async function langChainUncachedTrimMs(messages: readonly ChatMessage[]): Promise<number> {
  const history = messages.map(toLangChain);
  const started = performance.now();
  await trimMessages(history, {
    maxTokens: windowTokens,
    tokenCounter: (list) => countLangChain(list, false),
    strategy: 'last',
    startOn: 'human',
    includeSystem: true,
  });
  return performance.now() - started;
}

/** The conversation every subject holds. */
export function memoryCorpus(messages = 1000): ChatMessage[] {
  return benchConversation(messages);
}
