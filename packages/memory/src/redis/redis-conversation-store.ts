import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
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
  dataError,
  decodeMetadata,
  decodeSummary,
  decodeTurn,
  encodeMessages,
  parseStoredJson,
  turnFormat,
} from '../codec/turn-codec.ts';
import { readAsset } from '../read-asset.ts';

/** Options of {@link openRedisStore}. */
export interface RedisStoreOptions {
  /**
   * `redis://[[user]:password@]host:port[/db]`, or `rediss://...` for TLS.
   * Give one of `url`, `cluster` and `client`.
   */
  readonly url?: string | undefined;
  /**
   * Startup nodes of a Redis Cluster (`redis://host:port` URLs or
   * `{ host, port }`); the client finds the others. Keys of one conversation
   * share a hash tag, so they live in one slot.
   */
  readonly cluster?:
    readonly (string | { readonly host: string; readonly port: number })[] | undefined;
  /**
   * ioredis options for the connection (or every cluster node): `password`,
   * `username`, `tls: { ca }`, timeouts... A `url` sets the same fields.
   */
  readonly redisOptions?: RedisOptions | undefined;
  /** A connected ioredis `Redis` or `Cluster` of your own; the store leaves it open on `close()`. */
  readonly client?: Redis | Cluster | undefined;
  /** Prefix of every key (no `{` or `}`); default `llm:`. */
  readonly prefix?: string | undefined;
  /** Default time to live of a conversation after its last change, in milliseconds; none by default. */
  readonly ttlMs?: number | undefined;
}

type ScriptName = 'append-turn' | 'create-conversation' | 'set-metadata' | 'save-summary';
const scripts: readonly ScriptName[] = [
  'append-turn',
  'create-conversation',
  'set-metadata',
  'save-summary',
];
/** ioredis command name of each script (`defineCommand` runs EVALSHA, and EVAL when the server lost the script). */
const commandName = (script: ScriptName): string => `llm_${script.replaceAll('-', '_')}`;

/** A stored turn in the list: version is its position; short field names keep long histories small. */
interface TurnElement {
  readonly f: number;
  readonly s: string;
  readonly m: unknown;
  readonly u?: unknown;
  readonly t: number;
}

/** `{` and `}` escaped, so that a key's hash tag is always the whole (escaped) id. */
function keyPart(id: string): string {
  return id.replaceAll('%', '%25').replaceAll('{', '%7B').replaceAll('}', '%7D');
}

const redisNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function translate(error: unknown, conversationId?: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (
    (typeof code === 'string' && redisNetworkCodes.has(code)) ||
    /Connection is closed|max retries per request|ClusterAllFailedError|Failed to refresh slots cache|NOAUTH|WRONGPASS|LOADING|CLUSTERDOWN/i.test(
      message,
    ) ||
    (error instanceof Error && error.name === 'MaxRetriesPerRequestError')
  ) {
    return new ConnectionError(`Redis is unreachable or refused the connection: ${message}`, {
      cause: error,
    });
  }
  if (conversationId !== undefined && message.includes('WRONGTYPE')) {
    return dataError(
      { conversationId, what: 'its keys' },
      `hold Redis values of the wrong type (${message})`,
      error,
    );
  }
  return error;
}

class RedisConversationStore implements ClosableConversationStore {
  readonly #client: Redis | Cluster;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #ttlMs: number | undefined;
  #closed = false;

  constructor(
    client: Redis | Cluster,
    ownsClient: boolean,
    prefix: string,
    ttlMs: number | undefined,
  ) {
    this.#client = client;
    this.#ownsClient = ownsClient;
    this.#prefix = prefix;
    this.#ttlMs = ttlMs;
  }

  #keys(conversationId: string): [meta: string, turns: string, summaries: string] {
    const base = `${this.#prefix}{${keyPart(conversationId)}}`;
    return [`${base}:meta`, `${base}:turns`, `${base}:summaries`];
  }

  get #index(): string {
    return `${this.#prefix}index`;
  }

  async #run<T>(conversationId: string | undefined, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      throw translate(error, conversationId);
    }
  }

  #script(
    name: ScriptName,
    conversationId: string,
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const command = (
      this.#client as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>
    )[commandName(name)]!;
    return command.call(this.#client, ...this.#keys(conversationId), ...args);
  }

  #info(conversationId: string, meta: Record<string, string>): ConversationInfo {
    const number = (field: string): number => {
      const value = Number(meta[field]);
      if (meta[field] === undefined || !Number.isSafeInteger(value) || value < 0) {
        throw dataError(
          { conversationId, what: 'its meta hash' },
          `has no valid ${field} (${String(meta[field])})`,
        );
      }
      return value;
    };
    const ttl = meta.ttl === undefined || meta.ttl === '' ? undefined : number('ttl');
    const updated = number('updated');
    return {
      id: conversationId,
      version: number('version'),
      metadata: decodeMetadata(meta.metadata ?? '{}', conversationId),
      createdAt: new Date(number('created')),
      updatedAt: new Date(updated),
      expiresAt: ttl === undefined ? undefined : new Date(updated + ttl),
    };
  }

  #turn(conversationId: string, version: number, element: string): StoredTurn {
    const source = { conversationId, version, what: `turn ${version}` };
    const value = parseStoredJson(element, source);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw dataError(source, 'is not a JSON object');
    }
    const turn = value as TurnElement;
    return decodeTurn(conversationId, {
      version,
      format: turn.f,
      status: turn.s,
      messages: turn.m,
      usage: turn.u,
      createdAt: typeof turn.t === 'number' ? turn.t : Number.NaN,
    });
  }

  /** The index of ids (for `list`) lives in its own slot: it is updated around the writes, not inside them. */
  async #addToIndex(conversationId: string): Promise<void> {
    await this.#client.zadd(this.#index, 0, conversationId);
  }

  async create(
    conversationId: string,
    options: CreateConversationOptions = {},
  ): Promise<ConversationInfo> {
    checkConversationId(conversationId);
    const ttlMs = checkTtl(options.ttlMs, `Conversation '${conversationId}'`) ?? this.#ttlMs;
    const metadata = checkMetadata(conversationId, options.metadata ?? {});
    return this.#run(conversationId, async () => {
      await this.#addToIndex(conversationId);
      const now = Date.now();
      const result = (await this.#script('create-conversation', conversationId, [
        metadata,
        now,
        ttlMs ?? '',
      ])) as [number, number?];
      if (result[0] !== 1) throw existsError(conversationId, result[1] ?? 0);
      await this.#addToIndex(conversationId);
      return {
        id: conversationId,
        version: 0,
        metadata: JSON.parse(metadata) as ConversationMetadata,
        createdAt: new Date(now),
        updatedAt: new Date(now),
        expiresAt: ttlMs === undefined ? undefined : new Date(now + ttlMs),
      };
    });
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    checkConversationId(conversationId);
    const [metaKey, turnsKey, summariesKey] = this.#keys(conversationId);
    return this.#run(conversationId, async () => {
      // MULTI on one slot: the three reads see the same moment.
      const replies = await this.#client
        .multi()
        .hgetall(metaKey)
        .lrange(turnsKey, 0, -1)
        .hgetall(summariesKey)
        .exec();
      const [meta, elements, summaries] = (replies ?? []).map(([error, value]) => {
        if (error !== null) throw error;
        return value;
      }) as [Record<string, string>, string[], Record<string, string>];
      if (Object.keys(meta).length === 0) return undefined;
      const info = this.#info(conversationId, meta);
      if (elements.length !== info.version) {
        throw dataError(
          { conversationId, what: 'its turns list' },
          `holds ${elements.length} turns but its version is ${info.version}`,
        );
      }
      const turns = elements.map((element, index) =>
        this.#turn(conversationId, index + 1, element),
      );
      return {
        ...info,
        turns,
        messages: turns.flatMap((turn) => turn.messages),
        summaries: Object.entries(summaries)
          .map(([field, json]) => {
            const source = { conversationId, what: `the summary ${field}` };
            const value = parseStoredJson(json, source) as Record<string, unknown> | null;
            if (typeof value !== 'object' || value === null)
              throw dataError(source, 'is not a JSON object');
            return decodeSummary(conversationId, {
              fromVersion: Number(value.from),
              toVersion: Number(value.to),
              text: value.text,
              model: value.model,
              usage: value.usage,
              createdAt: Number(value.t),
            });
          })
          .sort((a, b) => a.toVersion - b.toVersion || a.fromVersion - b.fromVersion),
      };
    });
  }

  async loadPage(
    conversationId: string,
    options: LoadPageOptions = {},
  ): Promise<ConversationPage | undefined> {
    checkConversationId(conversationId);
    const limit = checkPageOptions(options);
    const [metaKey, turnsKey] = this.#keys(conversationId);
    return this.#run(conversationId, async () => {
      const meta = await this.#client.hgetall(metaKey);
      if (Object.keys(meta).length === 0) return undefined;
      const info = this.#info(conversationId, meta);
      const end = Math.min(info.version, (options.beforeVersion ?? Number.MAX_SAFE_INTEGER) - 1);
      const start = Math.max(0, end - limit);
      const elements = end > 0 ? await this.#client.lrange(turnsKey, start, end - 1) : [];
      const turns = elements.map((element, index) =>
        this.#turn(conversationId, start + index + 1, element),
      );
      return { info, turns, beforeVersion: start > 0 ? start + 1 : undefined };
    });
  }

  async append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    await checkAppend(conversationId, messages, options);
    const now = Date.now();
    const usage = options.usage === undefined ? '' : `,"u":${JSON.stringify(options.usage)}`;
    const element = `{"f":${turnFormat},"s":${JSON.stringify(options.status ?? 'complete')},"m":${encodeMessages(messages)}${usage},"t":${now}}`;
    return this.#run(conversationId, async () => {
      if (options.expectedVersion === 0) await this.#addToIndex(conversationId);
      const result = (await this.#script('append-turn', conversationId, [
        options.expectedVersion,
        element,
        now,
        this.#ttlMs ?? '',
      ])) as [number, number, number?];
      if (result[0] === 0) throw conflictError(conversationId, options.expectedVersion, result[1]);
      if (result[0] === -1) {
        throw dataError(
          { conversationId, what: 'its turns list' },
          `holds ${String(result[2])} turns but its version is ${result[1]}; nothing was appended`,
        );
      }
      if (options.expectedVersion === 0) await this.#addToIndex(conversationId);
      return { version: result[1] };
    });
  }

  async list(options: ListConversationsOptions = {}): Promise<ConversationList> {
    const limit = checkListOptions(options);
    const prefix = options.prefix ?? '';
    return this.#run(undefined, async () => {
      const live: ConversationInfo[] = [];
      // Byte 0xFF never occurs in UTF-8: `[prefix` to `[prefix\xff` spans every id that starts with prefix.
      const max = Buffer.concat([Buffer.from(`[${prefix}`), Buffer.from([0xff])]);
      let min: string =
        options.after !== undefined && options.after >= prefix ? `(${options.after}` : `[${prefix}`;
      for (;;) {
        const ids = await this.#client.zrangebylex(this.#index, min, max, 'LIMIT', 0, limit + 1);
        const metas = await Promise.all(ids.map((id) => this.#client.hgetall(this.#keys(id)[0])));
        for (const [index, id] of ids.entries()) {
          const meta = metas[index]!;
          if (Object.keys(meta).length > 0) {
            live.push(this.#info(id, meta));
          } else {
            // Deleted or expired: drop it from the index, and put it back if it was created meanwhile.
            await this.#client.zrem(this.#index, id);
            if ((await this.#client.exists(this.#keys(id)[0])) === 1) await this.#addToIndex(id);
          }
        }
        if (live.length > limit || ids.length <= limit) break;
        min = `(${ids.at(-1)!}`;
      }
      const page = live.slice(0, limit);
      return { conversations: page, next: live.length > limit ? page.at(-1)?.id : undefined };
    });
  }

  async setMetadata(
    conversationId: string,
    metadata: ConversationMetadata,
  ): Promise<ConversationInfo> {
    checkConversationId(conversationId);
    const json = checkMetadata(conversationId, metadata);
    return this.#run(conversationId, async () => {
      const updated = await this.#script('set-metadata', conversationId, [json, Date.now()]);
      if (updated !== 1) throw notFoundError(conversationId);
      return this.#info(conversationId, await this.#client.hgetall(this.#keys(conversationId)[0]));
    });
  }

  async saveSummary(conversationId: string, summary: ConversationSummary): Promise<void> {
    checkSummary(conversationId, summary);
    const json = JSON.stringify({
      from: summary.fromVersion,
      to: summary.toVersion,
      text: summary.text,
      model: summary.model,
      usage: summary.usage,
      t: Date.now(),
    });
    await this.#run(conversationId, async () => {
      const result = (await this.#script('save-summary', conversationId, [
        `${summary.fromVersion}-${summary.toVersion}`,
        json,
        summary.toVersion,
      ])) as [number, number?];
      if (result[0] === 0) throw notFoundError(conversationId);
      if (result[0] === -1) throw conflictError(conversationId, summary.toVersion, result[1] ?? 0);
    });
  }

  async delete(conversationId: string): Promise<void> {
    checkConversationId(conversationId);
    await this.#run(conversationId, async () => {
      await this.#client.del(...this.#keys(conversationId));
      await this.#client.zrem(this.#index, conversationId);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsClient) await this.#client.quit().catch(() => undefined);
  }
}

function clusterNode(node: string | { readonly host: string; readonly port: number }): ClusterNode {
  if (typeof node !== 'string') return { host: node.host, port: node.port };
  const url = new URL(node);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** Password, user and TLS from the first cluster URL, applied to every node. */
function clusterRedisOptions(
  nodes: readonly (string | { readonly host: string; readonly port: number })[],
): RedisOptions {
  const first = nodes.find((node): node is string => typeof node === 'string');
  if (first === undefined) return {};
  const url = new URL(first);
  return {
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Opens a Redis conversation store through `ioredis`: a standalone server
 * (`redis://`, `rediss://` for TLS, with a password), or a Redis Cluster.
 * Each append is one Lua script, so the version check and the writes are
 * atomic on the server; the keys of one conversation share a hash tag
 * (`llm:{id}:meta`, `:turns`, `:summaries`), so a cluster keeps them in one
 * slot. Durability is the server's: configure AOF (`appendonly yes`) if a
 * Redis restart must not lose turns.
 *
 * @example
 * const store = await openRedisStore({ url: process.env.REDIS_URL });
 */
export async function openRedisStore(
  options: RedisStoreOptions,
): Promise<ClosableConversationStore> {
  const given = [options.url, options.cluster, options.client].filter(
    (value) => value !== undefined,
  );
  if (given.length !== 1) {
    throw new ConfigError('openRedisStore: give exactly one of url, cluster and client.');
  }
  const ttlMs = checkTtl(options.ttlMs, 'openRedisStore');
  const prefix = options.prefix ?? 'llm:';
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw new ConfigError(
      'openRedisStore: prefix must be a string without { or } (they mark hash tags).',
    );
  }
  let client: Redis | Cluster;
  if (options.client !== undefined) {
    client = options.client;
  } else if (options.cluster !== undefined) {
    if (options.cluster.length === 0)
      throw new ConfigError('openRedisStore: cluster needs at least one node.');
    client = new Cluster(options.cluster.map(clusterNode), {
      redisOptions: { ...clusterRedisOptions(options.cluster), ...options.redisOptions },
      lazyConnect: true,
    });
  } else {
    const url = options.url!;
    if (!/^rediss?:\/\//.test(url)) {
      throw new ConfigError('openRedisStore: url must start with redis:// or rediss://.');
    }
    client = new Redis(url, { ...options.redisOptions, lazyConnect: true });
  }
  const owns = options.client === undefined;
  for (const script of scripts) {
    client.defineCommand(commandName(script), {
      numberOfKeys: 3,
      lua: readAsset(`redis/${script}.lua`),
    });
  }
  if (owns) {
    // Errors reach the callers of each command; without a listener ioredis also logs them.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      client.disconnect();
      throw translate(error);
    }
  }
  return new RedisConversationStore(client, owns, prefix, ttlMs);
}
