import pg from 'pg';
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
  type RawSummary,
} from '../codec/turn-codec.ts';
import { readAsset } from '../read-asset.ts';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * `postgres://user:password@host:5432/database` (any `pg` connection
   * string: `?sslmode=require`...). Or give `pool`.
   */
  readonly connectionString?: string | undefined;
  /**
   * A `pg.Pool` of your own; the store uses it and leaves it open on
   * `close()`. Otherwise the store opens a pool of `maxConnections`.
   */
  readonly pool?: pg.Pool | undefined;
  /** Most connections of the store's own pool; default 10. */
  readonly maxConnections?: number | undefined;
  /** Schema of the store's tables (created if missing); default `public`. */
  readonly schema?: string | undefined;
  /** Default time to live of a conversation after its last change, in milliseconds; none by default. */
  readonly ttlMs?: number | undefined;
}

/** Schema migrations, applied in order and recorded in `llm_schema_migrations`. */
const migrations = ['postgres/migrations/0001-initial.sql'];
/** Serialises migrations across app instances starting at once (`pg_advisory_xact_lock`). */
const migrationLockKey = 0x6c6c6d656d; // "llmem"
const purgeEveryMs = 60_000;

interface ConversationRow {
  id: string;
  version: number;
  metadata: unknown;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

interface JsonTurn {
  version: number;
  format: unknown;
  status: unknown;
  messages: unknown;
  usage: unknown;
  created_at: number;
}

interface JsonSummary {
  from_version: number;
  to_version: number;
  text: unknown;
  model: unknown;
  usage: unknown;
  created_at: number;
}

/** SQLSTATE classes of a lost or refused connection: 08 (connection), 57P (operator intervention), 53 (resources). */
const connectionStates = /^(08|57P|53)/;
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (
    (typeof code === 'string' && (connectionStates.test(code) || networkCodes.has(code))) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return new ConnectionError(`PostgreSQL is unreachable or dropped the connection: ${message}`, {
      cause: error,
    });
  }
  return error;
}

function toInfo(row: ConversationRow): ConversationInfo {
  return {
    id: row.id,
    version: row.version,
    metadata: decodeMetadata(row.metadata, row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at ?? undefined,
  };
}

function summaryOf(raw: JsonSummary): RawSummary {
  return {
    fromVersion: raw.from_version,
    toVersion: raw.to_version,
    text: raw.text,
    model: raw.model,
    usage: raw.usage,
    createdAt: raw.created_at,
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

class PostgresConversationStore implements ClosableConversationStore {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #schema: string;
  readonly #ttlMs: number | undefined;
  readonly #sql = new Map<string, string>();
  #lastPurge = 0;
  #closed = false;

  constructor(pool: pg.Pool, ownsPool: boolean, schema: string, ttlMs: number | undefined) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#schema = schema;
    this.#ttlMs = ttlMs;
  }

  /** A SQL file with the schema filled in. */
  #file(name: string): string {
    let text = this.#sql.get(name);
    if (text === undefined) {
      text = readAsset(`postgres/${name}`).replaceAll('{{schema}}', this.#schema);
      this.#sql.set(name, text);
    }
    return text;
  }

  #table(name: 'conversations' | 'turns' | 'summaries'): string {
    return `${this.#schema}.llm_${name}`;
  }

  async #query<Row extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.#pool.query<Row>(text, values);
    } catch (error) {
      throw translate(error);
    }
  }

  /** Runs `task` on one connection inside BEGIN / COMMIT. */
  async #transaction<T>(task: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw translate(error);
    }
    try {
      await client.query('BEGIN');
      const result = await task(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A connection that failed mid-transaction is not given back to the pool.
      client.release(translate(error) instanceof ConnectionError ? (error as Error) : undefined);
      throw translate(error);
    }
  }

  async #liveRow(conversationId: string, now: Date): Promise<ConversationRow | undefined> {
    const result = await this.#query<ConversationRow>(
      `SELECT id, version, metadata, created_at, updated_at, expires_at FROM ${this.#table('conversations')} WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
      [conversationId, now],
    );
    return result.rows[0];
  }

  /** Deletes expired conversations, at most once a minute per store. */
  async #purge(now: number): Promise<void> {
    if (now - this.#lastPurge < purgeEveryMs) return;
    this.#lastPurge = now;
    await this.#query(`DELETE FROM ${this.#table('conversations')} WHERE expires_at <= $1`, [
      new Date(now),
    ]);
  }

  async create(
    conversationId: string,
    options: CreateConversationOptions = {},
  ): Promise<ConversationInfo> {
    checkConversationId(conversationId);
    const ttlMs = checkTtl(options.ttlMs, `Conversation '${conversationId}'`) ?? this.#ttlMs;
    const metadata = checkMetadata(conversationId, options.metadata ?? {});
    const now = new Date();
    return this.#transaction(async (client) => {
      await client.query(
        `DELETE FROM ${this.#table('conversations')} WHERE id = $1 AND expires_at <= $2`,
        [conversationId, now],
      );
      const inserted = await client.query<ConversationRow>(
        `INSERT INTO ${this.#table('conversations')} (id, version, metadata, created_at, updated_at, ttl_ms, expires_at)
         VALUES ($1, 0, $2, $3, $3, $4, $3::timestamptz + $4::bigint * interval '1 millisecond')
         ON CONFLICT (id) DO NOTHING
         RETURNING id, version, metadata, created_at, updated_at, expires_at`,
        [conversationId, metadata, now, ttlMs ?? null],
      );
      const row = inserted.rows[0];
      if (row === undefined) {
        const existing = await client.query<{ version: number }>(
          `SELECT version FROM ${this.#table('conversations')} WHERE id = $1`,
          [conversationId],
        );
        throw existsError(conversationId, existing.rows[0]?.version ?? 0);
      }
      return toInfo(row);
    });
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    checkConversationId(conversationId);
    const result = await this.#query<
      ConversationRow & { turns: JsonTurn[]; summaries: JsonSummary[] }
    >(this.#file('load-conversation.sql'), [conversationId, new Date()]);
    const row = result.rows[0];
    if (row === undefined) return undefined;
    const turns = row.turns.map((turn) =>
      decodeTurn(conversationId, { ...turn, createdAt: turn.created_at }),
    );
    return {
      ...toInfo(row),
      turns,
      messages: turns.flatMap((turn) => turn.messages),
      summaries: row.summaries.map((summary) => decodeSummary(conversationId, summaryOf(summary))),
    };
  }

  async loadPage(
    conversationId: string,
    options: LoadPageOptions = {},
  ): Promise<ConversationPage | undefined> {
    checkConversationId(conversationId);
    const limit = checkPageOptions(options);
    const result = await this.#query<ConversationRow & { turns: JsonTurn[] }>(
      this.#file('load-page.sql'),
      [conversationId, new Date(), options.beforeVersion ?? 2_147_483_647, limit],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    const turns = row.turns.map((turn) =>
      decodeTurn(conversationId, { ...turn, createdAt: turn.created_at }),
    );
    const first = turns[0]?.version;
    return {
      info: toInfo(row),
      turns,
      beforeVersion: first !== undefined && first > 1 ? first : undefined,
    };
  }

  async append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    await checkAppend(conversationId, messages, options);
    const json = encodeMessages(messages);
    const usage = encodeUsage(options.usage);
    const status = options.status ?? 'complete';
    const nowMs = Date.now();
    const now = new Date(nowMs);
    await this.#purge(nowMs);
    let appended: pg.QueryResult<{ version: number }>;
    if (options.expectedVersion === 0) {
      appended = await this.#transaction(async (client) => {
        // An expired conversation is gone: its id starts afresh.
        await client.query(
          `DELETE FROM ${this.#table('conversations')} WHERE id = $1 AND expires_at <= $2`,
          [conversationId, now],
        );
        return client.query<{ version: number }>(this.#file('append-first-turn.sql'), [
          conversationId,
          now,
          turnFormat,
          status,
          json,
          usage,
          this.#ttlMs ?? null,
        ]);
      });
    } else {
      appended = await this.#query<{ version: number }>(this.#file('append-turn.sql'), [
        conversationId,
        options.expectedVersion,
        now,
        turnFormat,
        status,
        json,
        usage,
      ]);
    }
    const version = appended.rows[0]?.version;
    if (version === undefined) {
      const actual = (await this.#liveRow(conversationId, now))?.version ?? 0;
      throw conflictError(conversationId, options.expectedVersion, actual);
    }
    return { version };
  }

  async list(options: ListConversationsOptions = {}): Promise<ConversationList> {
    const limit = checkListOptions(options);
    const prefix = options.prefix ?? '';
    const values: unknown[] = [new Date(), prefix, limit + 1];
    let after = '';
    if (options.after !== undefined) {
      values.push(options.after);
      after = ` AND id COLLATE "C" > $${values.length}`;
    }
    // COLLATE "C": ids sort by their bytes, the same in every database whatever its locale.
    const result = await this.#query<ConversationRow>(
      `SELECT id, version, metadata, created_at, updated_at, expires_at FROM ${this.#table('conversations')}
        WHERE (expires_at IS NULL OR expires_at > $1) AND starts_with(id, $2)${after}
        ORDER BY id COLLATE "C" LIMIT $3`,
      values,
    );
    const page = result.rows.slice(0, limit).map(toInfo);
    return { conversations: page, next: result.rows.length > limit ? page.at(-1)?.id : undefined };
  }

  async setMetadata(
    conversationId: string,
    metadata: ConversationMetadata,
  ): Promise<ConversationInfo> {
    checkConversationId(conversationId);
    const json = checkMetadata(conversationId, metadata);
    const now = new Date();
    const result = await this.#query<ConversationRow>(
      `UPDATE ${this.#table('conversations')}
          SET metadata = $2, updated_at = $3, expires_at = $3::timestamptz + ttl_ms * interval '1 millisecond'
        WHERE id = $1 AND (expires_at IS NULL OR expires_at > $3)
        RETURNING id, version, metadata, created_at, updated_at, expires_at`,
      [conversationId, json, now],
    );
    const row = result.rows[0];
    if (row === undefined) throw notFoundError(conversationId);
    return toInfo(row);
  }

  async saveSummary(conversationId: string, summary: ConversationSummary): Promise<void> {
    checkSummary(conversationId, summary);
    const now = new Date();
    const result = await this.#query<{ version: number; saved: boolean }>(
      `WITH target AS (
         SELECT id, version FROM ${this.#table('conversations')}
          WHERE id = $1 AND (expires_at IS NULL OR expires_at > $7) FOR SHARE
       ), saved AS (
         INSERT INTO ${this.#table('summaries')} (conversation_id, from_version, to_version, text, model, usage, created_at)
         SELECT id, $2, $3, $4, $5, $6, $7 FROM target WHERE version >= $3
         ON CONFLICT (conversation_id, from_version, to_version)
         DO UPDATE SET text = EXCLUDED.text, model = EXCLUDED.model, usage = EXCLUDED.usage, created_at = EXCLUDED.created_at
         RETURNING 1
       )
       SELECT version, EXISTS (SELECT 1 FROM saved) AS saved FROM target`,
      [
        conversationId,
        summary.fromVersion,
        summary.toVersion,
        summary.text,
        summary.model ?? null,
        encodeUsage(summary.usage),
        now,
      ],
    );
    const row = result.rows[0];
    if (row === undefined) throw notFoundError(conversationId);
    if (!row.saved) throw conflictError(conversationId, summary.toVersion, row.version);
  }

  async delete(conversationId: string): Promise<void> {
    checkConversationId(conversationId);
    await this.#query(`DELETE FROM ${this.#table('conversations')} WHERE id = $1`, [
      conversationId,
    ]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
  }
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect().catch((error: unknown) => {
    throw translate(error);
  });
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.llm_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const result = await client.query<{ version: number }>(
      `SELECT coalesce(max(version), 0)::integer AS version FROM ${schema}.llm_schema_migrations`,
    );
    const current = result.rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new ConfigError(
        `The PostgreSQL schema ${schema} has @org/llm-memory schema version ${current}, newer than this version knows (${migrations.length}); upgrade @org/llm-memory.`,
      );
    }
    for (let index = current; index < migrations.length; index++) {
      await client.query(readAsset(migrations[index]!).replaceAll('{{schema}}', schema));
      await client.query(`INSERT INTO ${schema}.llm_schema_migrations (version) VALUES ($1)`, [
        index + 1,
      ]);
    }
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    throw translate(error);
  }
}

/**
 * Opens a PostgreSQL conversation store through `pg`, creating or migrating
 * its tables (migrations are serialised by an advisory lock, so app instances
 * may start at once). The durable choice for many app instances: each append
 * is one transaction whose version check runs in SQL, and each turn is a row
 * whose primary key allows each version once, so concurrent writers on any
 * number of machines never lose or duplicate a turn.
 *
 * @example
 * const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL });
 */
export async function openPostgresStore(
  options: PostgresStoreOptions,
): Promise<ClosableConversationStore> {
  if ((options.connectionString === undefined) === (options.pool === undefined)) {
    throw new ConfigError('openPostgresStore: give exactly one of connectionString and pool.');
  }
  const ttlMs = checkTtl(options.ttlMs, 'openPostgresStore');
  const schemaName = options.schema ?? 'public';
  if (typeof schemaName !== 'string' || schemaName === '' || schemaName.length > 63) {
    throw new ConfigError('openPostgresStore: schema must be a name of 1 to 63 characters.');
  }
  const maxConnections = options.maxConnections ?? 10;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new ConfigError(
      `openPostgresStore: maxConnections must be a whole number of at least 1; got ${maxConnections}.`,
    );
  }
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: maxConnections });
  if (options.pool === undefined) {
    // An idle connection that the server drops must not crash the process.
    pool.on('error', () => undefined);
  }
  const schema = quoteIdentifier(schemaName);
  try {
    await migrate(pool, schema);
  } catch (error) {
    if (options.pool === undefined) await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresConversationStore(pool, options.pool === undefined, schema, ttlMs);
}
