import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  ConfigError,
  ConnectionError,
  type AppendOptions,
  type ChatMessage,
  type ConversationInfo,
  type ConversationList,
  type ConversationMetadata,
  type ConversationPage,
  type ConversationSummary,
  type CreateConversationOptions,
  type ListConversationsOptions,
  type LoadPageOptions,
  type StoredConversation,
  type StoredTurn,
} from '@org/llm-core';
import {
  checkAppend,
  checkConversationId,
  checkListOptions,
  checkMetadata,
  checkPageOptions,
  checkSummary,
  checkTtl,
  conflictError,
  existsError,
  notFoundError,
} from '@org/llm-core/adapter-kit';
import type { ClosableConversationStore } from '../closable-conversation-store.ts';
import {
  decodeMetadata,
  decodeSummary,
  decodeTurn,
  encodeMessages,
  encodeUsage,
  turnFormat,
} from '../codec/turn-codec.ts';
import { readAsset } from '../read-asset.ts';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (created if missing), or `:memory:` for a database that lives as long as the store. */
  readonly path: string;
  /** Default time to live of a conversation after its last change, in milliseconds; none by default. */
  readonly ttlMs?: number | undefined;
  /**
   * How long a write waits for another process's write to finish, in
   * milliseconds; default 5,000. The wait blocks this thread (`node:sqlite`
   * is synchronous); past it, the call fails with a retryable `ConnectionError`.
   */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * `normal` (default): a commit survives a crash of the process (SIGKILL
   * included) but may be lost on a power failure; `full` also survives power
   * failures, at the cost of a disk flush per append.
   */
  readonly synchronous?: 'normal' | 'full' | undefined;
}

/** Schema migrations, applied in order; the database's `user_version` is the number applied. */
const migrations = ['sqlite/migrations/0001-initial.sql'];

interface ConversationRow {
  id: string;
  version: number;
  metadata: string;
  created_at: number;
  updated_at: number;
  ttl_ms: number | null;
  expires_at: number | null;
}

interface TurnRow {
  version: number;
  format: unknown;
  status: unknown;
  messages: unknown;
  usage: unknown;
  created_at: number;
}

interface SummaryRow {
  from_version: number;
  to_version: number;
  text: unknown;
  model: unknown;
  usage: unknown;
  created_at: number;
}

const sqliteBusy = 5;
const purgeEveryMs = 60_000;

function toInfo(row: ConversationRow): ConversationInfo {
  return {
    id: row.id,
    version: row.version,
    metadata: decodeMetadata(row.metadata, row.id),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    expiresAt: row.expires_at === null ? undefined : new Date(row.expires_at),
  };
}

function toTurn(conversationId: string, row: TurnRow): StoredTurn {
  return decodeTurn(conversationId, { ...row, createdAt: row.created_at });
}

/** Runs `task` now and returns its result as a promise (a throw becomes a rejection). */
function settle<T>(task: () => T): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(translate(error));
  }
}

/** A locked database becomes a retryable ConnectionError; everything else is thrown as is. */
function translate(error: unknown): unknown {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  if (typeof code === 'number' && (code & 0xff) === sqliteBusy) {
    return new ConnectionError(
      'The SQLite database stayed locked by another writer longer than busyTimeoutMs; try again, or raise busyTimeoutMs.',
      { cause: error },
    );
  }
  return error;
}

class SqliteConversationStore implements ClosableConversationStore {
  readonly #db: DatabaseSync;
  readonly #ttlMs: number | undefined;
  readonly #statements = new Map<string, StatementSync>();
  #lastPurge = 0;

  constructor(db: DatabaseSync, ttlMs: number | undefined) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /** A prepared statement, compiled once per store. */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `task` in a transaction: IMMEDIATE takes the write lock first, so no two writers interleave. */
  #transaction<T>(mode: 'DEFERRED' | 'IMMEDIATE', task: () => T): T {
    this.#db.exec(`BEGIN ${mode}`);
    try {
      const result = task();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #row(conversationId: string, now: number): ConversationRow | undefined {
    const row = this.#sql('SELECT * FROM llm_conversations WHERE id = ?').get(conversationId) as
      ConversationRow | undefined;
    return row === undefined || (row.expires_at !== null && row.expires_at <= now)
      ? undefined
      : row;
  }

  /** Inside a write transaction: the live row, after deleting the conversation if it expired. */
  #liveRow(conversationId: string, now: number): ConversationRow | undefined {
    const row = this.#sql('SELECT * FROM llm_conversations WHERE id = ?').get(conversationId) as
      ConversationRow | undefined;
    if (row !== undefined && row.expires_at !== null && row.expires_at <= now) {
      this.#sql('DELETE FROM llm_conversations WHERE id = ?').run(conversationId);
      return undefined;
    }
    return row;
  }

  #insert(
    conversationId: string,
    metadata: string,
    ttlMs: number | undefined,
    now: number,
    version: number,
  ): void {
    this.#sql(
      'INSERT INTO llm_conversations (id, version, metadata, created_at, updated_at, ttl_ms, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      conversationId,
      version,
      metadata,
      now,
      now,
      ttlMs ?? null,
      ttlMs === undefined ? null : now + ttlMs,
    );
  }

  /** Deletes expired conversations, at most once a minute. */
  #purge(now: number): void {
    if (now - this.#lastPurge < purgeEveryMs) return;
    this.#lastPurge = now;
    this.#sql('DELETE FROM llm_conversations WHERE expires_at <= ?').run(now);
  }

  create(
    conversationId: string,
    options: CreateConversationOptions = {},
  ): Promise<ConversationInfo> {
    return settle(() => {
      checkConversationId(conversationId);
      const ttlMs = checkTtl(options.ttlMs, `Conversation '${conversationId}'`) ?? this.#ttlMs;
      const metadata = checkMetadata(conversationId, options.metadata ?? {});
      const now = Date.now();
      return this.#transaction('IMMEDIATE', () => {
        const existing = this.#liveRow(conversationId, now);
        if (existing !== undefined) throw existsError(conversationId, existing.version);
        this.#insert(conversationId, metadata, ttlMs, now, 0);
        return toInfo(this.#row(conversationId, now)!);
      });
    });
  }

  load(conversationId: string): Promise<StoredConversation | undefined> {
    return settle(() => {
      checkConversationId(conversationId);
      const now = Date.now();
      // One read transaction: the turns and the version come from the same snapshot.
      return this.#transaction('DEFERRED', () => {
        const row = this.#row(conversationId, now);
        if (row === undefined) return undefined;
        const turns = (
          this.#sql('SELECT * FROM llm_turns WHERE conversation_id = ? ORDER BY version').all(
            conversationId,
          ) as unknown as TurnRow[]
        ).map((turn) => toTurn(conversationId, turn));
        const summaries = (
          this.#sql(
            'SELECT * FROM llm_summaries WHERE conversation_id = ? ORDER BY to_version, from_version',
          ).all(conversationId) as unknown as SummaryRow[]
        ).map((summary) =>
          decodeSummary(conversationId, {
            fromVersion: summary.from_version,
            toVersion: summary.to_version,
            text: summary.text,
            model: summary.model,
            usage: summary.usage,
            createdAt: summary.created_at,
          }),
        );
        return {
          ...toInfo(row),
          turns,
          messages: turns.flatMap((turn) => turn.messages),
          summaries,
        };
      });
    });
  }

  loadPage(
    conversationId: string,
    options: LoadPageOptions = {},
  ): Promise<ConversationPage | undefined> {
    return settle(() => {
      checkConversationId(conversationId);
      const limit = checkPageOptions(options);
      const now = Date.now();
      return this.#transaction('DEFERRED', () => {
        const row = this.#row(conversationId, now);
        if (row === undefined) return undefined;
        const rows = this.#sql(
          'SELECT * FROM llm_turns WHERE conversation_id = ? AND version < ? ORDER BY version DESC LIMIT ?',
        ).all(
          conversationId,
          options.beforeVersion ?? Number.MAX_SAFE_INTEGER,
          limit,
        ) as unknown as TurnRow[];
        const turns = rows.reverse().map((turn) => toTurn(conversationId, turn));
        const first = turns[0]?.version;
        return {
          info: toInfo(row),
          turns,
          beforeVersion: first !== undefined && first > 1 ? first : undefined,
        };
      });
    });
  }

  async append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    await checkAppend(conversationId, messages, options);
    return settle(() => {
      const json = encodeMessages(messages);
      const usage = encodeUsage(options.usage);
      const now = Date.now();
      return this.#transaction('IMMEDIATE', () => {
        this.#purge(now);
        const row = this.#liveRow(conversationId, now);
        const actual = row?.version ?? 0;
        if (actual !== options.expectedVersion) {
          throw conflictError(conversationId, options.expectedVersion, actual);
        }
        const version = actual + 1;
        if (row === undefined) {
          this.#insert(conversationId, '{}', this.#ttlMs, now, version);
        } else {
          this.#sql(
            'UPDATE llm_conversations SET version = ?, updated_at = ?, expires_at = ? + ttl_ms WHERE id = ?',
          ).run(version, now, now, conversationId);
        }
        this.#sql(
          'INSERT INTO llm_turns (conversation_id, version, format, status, messages, usage, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(conversationId, version, turnFormat, options.status ?? 'complete', json, usage, now);
        return { version };
      });
    });
  }

  list(options: ListConversationsOptions = {}): Promise<ConversationList> {
    return settle(() => {
      const limit = checkListOptions(options);
      const prefix = options.prefix ?? '';
      const params: SQLInputValue[] = [Date.now(), prefix, prefix, prefix];
      let sql =
        'SELECT * FROM llm_conversations WHERE (expires_at IS NULL OR expires_at > ?) AND id >= ? AND substr(id, 1, length(?)) = ?';
      if (options.after !== undefined) {
        sql += ' AND id > ?';
        params.push(options.after);
      }
      sql += ' ORDER BY id LIMIT ?';
      params.push(limit + 1);
      const rows = this.#sql(sql).all(...params) as unknown as ConversationRow[];
      const page = rows.slice(0, limit).map(toInfo);
      return { conversations: page, next: rows.length > limit ? page.at(-1)?.id : undefined };
    });
  }

  setMetadata(conversationId: string, metadata: ConversationMetadata): Promise<ConversationInfo> {
    return settle(() => {
      checkConversationId(conversationId);
      const json = checkMetadata(conversationId, metadata);
      const now = Date.now();
      return this.#transaction('IMMEDIATE', () => {
        if (this.#liveRow(conversationId, now) === undefined) throw notFoundError(conversationId);
        this.#sql(
          'UPDATE llm_conversations SET metadata = ?, updated_at = ?, expires_at = ? + ttl_ms WHERE id = ?',
        ).run(json, now, now, conversationId);
        return toInfo(this.#row(conversationId, now)!);
      });
    });
  }

  saveSummary(conversationId: string, summary: ConversationSummary): Promise<void> {
    return settle(() => {
      checkSummary(conversationId, summary);
      const now = Date.now();
      this.#transaction('IMMEDIATE', () => {
        const row = this.#liveRow(conversationId, now);
        if (row === undefined) throw notFoundError(conversationId);
        if (summary.toVersion > row.version)
          throw conflictError(conversationId, summary.toVersion, row.version);
        this.#sql(
          'INSERT OR REPLACE INTO llm_summaries (conversation_id, from_version, to_version, text, model, usage, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(
          conversationId,
          summary.fromVersion,
          summary.toVersion,
          summary.text,
          summary.model ?? null,
          encodeUsage(summary.usage),
          now,
        );
      });
    });
  }

  delete(conversationId: string): Promise<void> {
    return settle(() => {
      checkConversationId(conversationId);
      this.#sql('DELETE FROM llm_conversations WHERE id = ?').run(conversationId);
    });
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.#db.isOpen) this.#db.close();
    });
  }
}

function migrate(db: DatabaseSync, path: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const { user_version: current } = db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    if (current > migrations.length) {
      throw new ConfigError(
        `The SQLite database ${path} has schema version ${current}, newer than this version of @org/llm-memory knows (${migrations.length}); upgrade @org/llm-memory.`,
      );
    }
    for (let index = current; index < migrations.length; index++)
      db.exec(readAsset(migrations[index]!));
    if (current < migrations.length) db.exec(`PRAGMA user_version = ${migrations.length}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Opens (and creates or migrates) a SQLite conversation store through
 * Node's built-in `node:sqlite`: no native build, no server. The embedded
 * default: one file that several processes on one machine may share (WAL
 * mode, appends in `BEGIN IMMEDIATE` transactions, each turn a row whose
 * primary key allows each version once). Not for a network file system.
 *
 * @example
 * const store = await openSqliteStore({ path: 'conversations.db' });
 * const chat = new Conversation({ model, store, id: 'ticket-7' });
 * // ...
 * await store.close();
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<ClosableConversationStore> {
  return settle(() => {
    if (typeof options.path !== 'string' || options.path === '') {
      throw new ConfigError("openSqliteStore: path must be a file path or ':memory:'.");
    }
    const ttlMs = checkTtl(options.ttlMs, 'openSqliteStore');
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new ConfigError(
        `openSqliteStore: busyTimeoutMs must be a whole number of at least 0; got ${busyTimeoutMs}.`,
      );
    }
    const synchronous: unknown = options.synchronous ?? 'normal';
    if (synchronous !== 'normal' && synchronous !== 'full') {
      throw new ConfigError(
        `openSqliteStore: synchronous must be 'normal' or 'full'; got ${JSON.stringify(synchronous)}.`,
      );
    }
    const db = new DatabaseSync(options.path, { timeout: busyTimeoutMs });
    try {
      db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      if (options.path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      db.exec('PRAGMA foreign_keys = ON');
      migrate(db, options.path);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteConversationStore(db, ttlMs);
  });
}
