import type { ChatMessage } from '../messages/messages.ts';
import type {
  AppendOptions,
  ConversationInfo,
  ConversationList,
  ConversationMetadata,
  ConversationPage,
  ConversationStore,
  ConversationSummary,
  CreateConversationOptions,
  ListConversationsOptions,
  LoadPageOptions,
  StoredConversation,
  StoredSummary,
  StoredTurn,
} from './conversation-store.ts';
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
} from './store-arguments.ts';

/** Options of {@link InMemoryConversationStore}. */
export interface InMemoryConversationStoreOptions {
  /** Default time to live of a conversation after its last change, in milliseconds; none by default. */
  readonly ttlMs?: number | undefined;
}

interface Entry {
  info: ConversationInfo;
  ttlMs: number | undefined;
  turns: StoredTurn[];
  summaries: StoredSummary[];
}

/**
 * Keeps conversations in this process's memory: for tests, scripts and
 * single-process apps that need no persistence. Messages and metadata are
 * copied in and out, so callers cannot change stored history by mutating
 * their arrays. Expiry follows `Date.now()` (fake timers move it).
 */
export class InMemoryConversationStore implements ConversationStore {
  readonly #conversations = new Map<string, Entry>();
  readonly #ttlMs: number | undefined;

  constructor(options: InMemoryConversationStoreOptions = {}) {
    this.#ttlMs = checkTtl(options.ttlMs, 'InMemoryConversationStore');
  }

  /** The live entry, after dropping it if it expired. */
  #entry(conversationId: string): Entry | undefined {
    const entry = this.#conversations.get(conversationId);
    const expiresAt = entry?.info.expiresAt;
    if (expiresAt !== undefined && expiresAt.getTime() <= Date.now()) {
      this.#conversations.delete(conversationId);
      return undefined;
    }
    return entry;
  }

  #touch(entry: Entry, changes: Partial<ConversationInfo>): void {
    const now = Date.now();
    entry.info = {
      ...entry.info,
      ...changes,
      updatedAt: new Date(now),
      expiresAt: entry.ttlMs === undefined ? undefined : new Date(now + entry.ttlMs),
    };
  }

  #newEntry(
    conversationId: string,
    metadata: ConversationMetadata,
    ttlMs: number | undefined,
  ): Entry {
    const now = Date.now();
    const entry: Entry = {
      info: {
        id: conversationId,
        version: 0,
        metadata,
        createdAt: new Date(now),
        updatedAt: new Date(now),
        expiresAt: ttlMs === undefined ? undefined : new Date(now + ttlMs),
      },
      ttlMs,
      turns: [],
      summaries: [],
    };
    this.#conversations.set(conversationId, entry);
    return entry;
  }

  create(
    conversationId: string,
    options: CreateConversationOptions = {},
  ): Promise<ConversationInfo> {
    return settle(() => {
      checkConversationId(conversationId);
      const ttlMs = checkTtl(options.ttlMs, `Conversation '${conversationId}'`) ?? this.#ttlMs;
      const metadata = JSON.parse(
        checkMetadata(conversationId, options.metadata ?? {}),
      ) as ConversationMetadata;
      const existing = this.#entry(conversationId);
      if (existing !== undefined) {
        throw existsError(conversationId, existing.info.version);
      }
      return copyInfo(this.#newEntry(conversationId, metadata, ttlMs).info);
    });
  }

  load(conversationId: string): Promise<StoredConversation | undefined> {
    return settle(() => {
      checkConversationId(conversationId);
      const entry = this.#entry(conversationId);
      if (entry === undefined) return undefined;
      const turns = entry.turns.map(copyTurn);
      return {
        ...copyInfo(entry.info),
        turns,
        messages: turns.flatMap((turn) => turn.messages),
        summaries: entry.summaries.map((summary) => structuredClone(summary)),
      };
    });
  }

  loadPage(
    conversationId: string,
    options: LoadPageOptions = {},
  ): Promise<ConversationPage | undefined> {
    return settle(() => {
      checkConversationId(conversationId);
      const limit = checkPageOptions(options);
      const entry = this.#entry(conversationId);
      if (entry === undefined) return undefined;
      const end = Math.min(entry.turns.length, (options.beforeVersion ?? Infinity) - 1);
      const start = Math.max(0, end - limit);
      return {
        info: copyInfo(entry.info),
        turns: entry.turns.slice(start, end).map(copyTurn),
        beforeVersion: start > 0 ? start + 1 : undefined,
      };
    });
  }

  async append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    await checkAppend(conversationId, messages, options);
    return settle(() => {
      const entry = this.#entry(conversationId);
      const actual = entry?.info.version ?? 0;
      if (actual !== options.expectedVersion) {
        throw conflictError(conversationId, options.expectedVersion, actual);
      }
      const target = entry ?? this.#newEntry(conversationId, {}, this.#ttlMs);
      const version = actual + 1;
      target.turns.push({
        version,
        status: options.status ?? 'complete',
        messages: structuredClone(messages as ChatMessage[]),
        ...(options.usage === undefined ? {} : { usage: { ...options.usage } }),
        createdAt: new Date(),
      });
      this.#touch(target, { version });
      return { version };
    });
  }

  list(options: ListConversationsOptions = {}): Promise<ConversationList> {
    return settle(() => {
      const limit = checkListOptions(options);
      const prefix = options.prefix ?? '';
      const ids = [...this.#conversations.keys()]
        .filter(
          (id) => id.startsWith(prefix) && (options.after === undefined || id > options.after),
        )
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const conversations: ConversationInfo[] = [];
      for (const id of ids) {
        const entry = this.#entry(id);
        if (entry === undefined) continue;
        if (conversations.length === limit) break;
        conversations.push(copyInfo(entry.info));
      }
      const last = conversations.at(-1);
      const more =
        last !== undefined && ids.some((id) => id > last.id && this.#entry(id) !== undefined);
      return { conversations, next: more ? last.id : undefined };
    });
  }

  setMetadata(conversationId: string, metadata: ConversationMetadata): Promise<ConversationInfo> {
    return settle(() => {
      checkConversationId(conversationId);
      const copy = JSON.parse(checkMetadata(conversationId, metadata)) as ConversationMetadata;
      const entry = this.#entry(conversationId);
      if (entry === undefined) throw notFoundError(conversationId);
      this.#touch(entry, { metadata: copy });
      return copyInfo(entry.info);
    });
  }

  saveSummary(conversationId: string, summary: ConversationSummary): Promise<void> {
    return settle(() => {
      checkSummary(conversationId, summary);
      const entry = this.#entry(conversationId);
      if (entry === undefined) throw notFoundError(conversationId);
      if (summary.toVersion > entry.info.version) {
        throw conflictError(conversationId, summary.toVersion, entry.info.version);
      }
      const stored: StoredSummary = { ...structuredClone(summary), createdAt: new Date() };
      const others = entry.summaries.filter(
        (other) =>
          other.fromVersion !== summary.fromVersion || other.toVersion !== summary.toVersion,
      );
      entry.summaries = [...others, stored];
      return undefined;
    });
  }

  delete(conversationId: string): Promise<void> {
    return settle(() => {
      checkConversationId(conversationId);
      this.#conversations.delete(conversationId);
      return undefined;
    });
  }
}

/** Runs `task` now and returns its result as a promise (a throw becomes a rejection). */
function settle<T>(task: () => T): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}

function copyInfo(info: ConversationInfo): ConversationInfo {
  return { ...info, metadata: structuredClone(info.metadata) };
}

function copyTurn(turn: StoredTurn): StoredTurn {
  return structuredClone(turn);
}
