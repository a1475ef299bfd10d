import type { ChatMessage } from '../messages/messages.ts';
import type { Usage } from '../spec/usage.ts';

/**
 * How a stored turn ended:
 * - `complete`: the model answered (every message of the turn is whole);
 * - `interrupted`: the answer broke off after content had reached the
 *   application (a stream cut after its first part, an abort). The turn holds
 *   the partial text so the application can show it, and it is never sent to
 *   a model again as if it were complete.
 */
export type TurnStatus = 'complete' | 'interrupted';

/** Application data stored with a conversation (JSON values only). */
export type ConversationMetadata = Readonly<Record<string, unknown>>;

/** One append: the user's message and every answer message of one turn. */
export interface StoredTurn {
  /** The turn's number, 1 for the first; also the conversation's version right after it. */
  readonly version: number;
  /** Whether the turn completed or broke off. */
  readonly status: TurnStatus;
  /** The turn's messages, oldest first. */
  readonly messages: readonly ChatMessage[];
  /** Tokens the turn's model calls used (for an interrupted turn: what was reported before the break). */
  readonly usage?: Usage | undefined;
  /** When the turn was stored. */
  readonly createdAt: Date;
}

/** A summary that stands in for a range of turns when the history no longer fits a model. */
export interface ConversationSummary {
  /** First turn it replaces (its version). */
  readonly fromVersion: number;
  /** Last turn it replaces (its version, inclusive). */
  readonly toVersion: number;
  /** The summary text. */
  readonly text: string;
  /** The model that wrote it, as `provider:modelId`. */
  readonly model?: string | undefined;
  /** Tokens the summarising call used. */
  readonly usage?: Usage | undefined;
}

/** A stored {@link ConversationSummary}, with the time it was stored. */
export interface StoredSummary extends ConversationSummary {
  /** When the summary was stored. */
  readonly createdAt: Date;
}

/** What a store knows about a conversation, without its turns. */
export interface ConversationInfo {
  /** The conversation's id. */
  readonly id: string;
  /** Number of turns stored: 0 before the first append, then 1, 2, 3... with no gap. */
  readonly version: number;
  /** Application data (`{}` when none was set). */
  readonly metadata: ConversationMetadata;
  /** When the conversation was created (by `create` or its first append). */
  readonly createdAt: Date;
  /** When it last changed (append, metadata). */
  readonly updatedAt: Date;
  /** When it expires and disappears, or `undefined` if it never does. */
  readonly expiresAt: Date | undefined;
}

/** A conversation as a store holds it. */
export interface StoredConversation extends ConversationInfo {
  /** Every turn, oldest first; `turns[i].version === i + 1`. */
  readonly turns: readonly StoredTurn[];
  /** Every message of every turn, oldest first (interrupted turns included). */
  readonly messages: readonly ChatMessage[];
  /** Summaries written for this conversation, oldest first. */
  readonly summaries: readonly StoredSummary[];
}

/** Options of {@link ConversationStore.append}. */
export interface AppendOptions {
  /** The version the new turn was based on; the append fails if the store holds another. */
  readonly expectedVersion: number;
  /** How the turn ended; `complete` by default. */
  readonly status?: TurnStatus | undefined;
  /** Tokens the turn's model calls used. */
  readonly usage?: Usage | undefined;
}

/** Options of {@link ConversationStore.create}. */
export interface CreateConversationOptions {
  /** Application data to store with the conversation. */
  readonly metadata?: ConversationMetadata | undefined;
  /**
   * Time to live in milliseconds after the last change; the store's default
   * (`ttlMs` of the store's options) when omitted. Every append and metadata
   * change starts it again.
   */
  readonly ttlMs?: number | undefined;
}

/** Options of {@link ConversationStore.list}. */
export interface ListConversationsOptions {
  /** Only ids that start with this text (e.g. `user-42:`). */
  readonly prefix?: string | undefined;
  /** Continue after this cursor (the `next` of the previous page). */
  readonly after?: string | undefined;
  /** Most conversations in the page; default 100. */
  readonly limit?: number | undefined;
}

/** One page of {@link ConversationStore.list}, ordered by id. */
export interface ConversationList {
  /** The conversations, ordered by id. */
  readonly conversations: readonly ConversationInfo[];
  /** Pass as `after` to get the next page; `undefined` on the last page. */
  readonly next: string | undefined;
}

/** Options of {@link ConversationStore.loadPage}. */
export interface LoadPageOptions {
  /** Only turns older than this version; the newest turns when omitted. */
  readonly beforeVersion?: number | undefined;
  /** Most turns in the page; default 50. */
  readonly limit?: number | undefined;
}

/** A page of a long conversation's turns, newest pages first. */
export interface ConversationPage {
  /** The conversation, without its turns. */
  readonly info: ConversationInfo;
  /** The page's turns, oldest first. */
  readonly turns: readonly StoredTurn[];
  /** Pass as `beforeVersion` for the page before this one; `undefined` at the first turn. */
  readonly beforeVersion: number | undefined;
}

/**
 * Where conversations persist. A conversation is a list of turns; its
 * version is the number of turns. Appends are conditional on the version the
 * writer read, so two writers never overwrite each other: the second gets a
 * `ConversationConflictError`, reloads and appends again.
 *
 * Implementations: `InMemoryConversationStore` here; SQLite, PostgreSQL and
 * Redis in `@org/llm-memory`. `describeConversationStoreContract` in
 * `@org/llm-testkit/vitest` checks every rule below.
 */
export interface ConversationStore {
  /**
   * Creates an empty conversation (version 0) with metadata and a TTL.
   * Rejects with `ConversationConflictError` if it exists. Optional before
   * the first append: appending to an unknown id creates it.
   */
  create(conversationId: string, options?: CreateConversationOptions): Promise<ConversationInfo>;
  /** The conversation with every turn, or `undefined` if it does not exist (or expired). */
  load(conversationId: string): Promise<StoredConversation | undefined>;
  /** A page of turns, newest first; `undefined` if the conversation does not exist. */
  loadPage(
    conversationId: string,
    options?: LoadPageOptions,
  ): Promise<ConversationPage | undefined>;
  /**
   * Appends one turn atomically if the store still holds `expectedVersion`,
   * and resolves to the new version (`expectedVersion + 1`). Rejects with
   * `ConversationConflictError` otherwise, changing nothing.
   */
  append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }>;
  /** Conversations ordered by id, a page at a time. */
  list(options?: ListConversationsOptions): Promise<ConversationList>;
  /**
   * Replaces the conversation's metadata (and starts its TTL again). Rejects
   * with `NotFoundError` if the conversation does not exist.
   */
  setMetadata(conversationId: string, metadata: ConversationMetadata): Promise<ConversationInfo>;
  /**
   * Stores a summary of turns `fromVersion..toVersion`; the turns themselves
   * stay. A second summary of the same range replaces the first. Rejects
   * with `NotFoundError` if the conversation does not exist, and with
   * `ConversationConflictError` if it has fewer than `toVersion` turns.
   */
  saveSummary(conversationId: string, summary: ConversationSummary): Promise<void>;
  /** Removes the conversation, its turns and summaries; does nothing if it does not exist. */
  delete(conversationId: string): Promise<void>;
}
