import { ConversationConflictError } from '../errors/library-errors.ts';
import { InvalidRequestError, NotFoundError } from '../errors/provider-errors.ts';
import { toRequestIssues } from '../spec/validate-chat-request.ts';
import type { ChatMessage } from '../messages/messages.ts';
import { matchesChatMessageSchema } from '../spec/matches-chat-request-schema.ts';
import type {
  AppendOptions,
  ConversationSummary,
  ListConversationsOptions,
  LoadPageOptions,
} from './conversation-store.ts';

// Argument checks every store runs at its boundary, so that bad input gets the
// same InvalidRequestError from each (the in-memory store here, the SQL and
// Redis stores of @org/llm-memory through @org/llm-core/adapter-kit).

/** A value for an error message: JSON where it can be, else its type. */
function describeValue(value: unknown): string {
  try {
    return ['undefined', 'function', 'symbol'].includes(typeof value)
      ? typeof value
      : JSON.stringify(value);
  } catch {
    return typeof value;
  }
}

/** Longest conversation id a store accepts, in characters. */
export const maxConversationIdLength = 512;

/** Throws `InvalidRequestError` unless `id` is a non-empty string of at most 512 characters. */
export function checkConversationId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '' || id.length > maxConversationIdLength) {
    throw new InvalidRequestError(
      `A conversation id must be a non-empty string of at most ${maxConversationIdLength} characters; got ${typeof id === 'string' ? `${id.length} characters` : typeof id}.`,
    );
  }
}

/**
 * Checks an append's arguments: a version that is a whole number, at least
 * one message, every message a valid `ChatMessage`, a known status. Rejects
 * with `InvalidRequestError` naming the conversation and every problem.
 * Messages are checked by hand; zod (`chatMessageSchema`) is loaded only to
 * word the error for one the hand check does not accept, so a store never
 * loads zod on the way of a valid append.
 */
export async function checkAppend(
  conversationId: string,
  messages: readonly ChatMessage[],
  options: AppendOptions,
): Promise<void> {
  checkConversationId(conversationId);
  const version: unknown = options.expectedVersion;
  if (!Number.isSafeInteger(version) || (version as number) < 0) {
    throw new InvalidRequestError(
      `Appending to conversation '${conversationId}': expectedVersion must be a whole number of at least 0 (the version you loaded); got ${describeValue(version)}.`,
    );
  }
  const status: unknown = options.status;
  if (status !== undefined && status !== 'complete' && status !== 'interrupted') {
    throw new InvalidRequestError(
      `Appending to conversation '${conversationId}': status must be 'complete' or 'interrupted'; got ${describeValue(status)}.`,
    );
  }
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequestError(
      `Appending to conversation '${conversationId}': a turn needs at least one message.`,
    );
  }
  for (let index = 0; index < messages.length; index++) {
    if (matchesChatMessageSchema(messages[index])) continue;
    const { chatMessageSchema } = await import('../messages/messages.ts');
    const parsed = chatMessageSchema.safeParse(messages[index]);
    if (!parsed.success) {
      const issues = toRequestIssues(parsed.error.issues, ['messages', index]);
      throw new InvalidRequestError(
        `Appending to conversation '${conversationId}': message ${index} is not a valid ChatMessage (${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}). Nothing was stored.`,
        { issues },
      );
    }
  }
}

/** The `limit` of a page: a whole number from 1 to 1,000, `fallback` when omitted. */
export function checkLimit(limit: unknown, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) {
    throw new InvalidRequestError(
      `limit must be a whole number from 1 to 1000; got ${describeValue(limit)}.`,
    );
  }
  return limit as number;
}

/** Checks `list` options; resolves the page size. */
export function checkListOptions(options: ListConversationsOptions): number {
  if (options.prefix !== undefined && typeof options.prefix !== 'string') {
    throw new InvalidRequestError('list(): prefix must be a string.');
  }
  if (options.after !== undefined && typeof options.after !== 'string') {
    throw new InvalidRequestError('list(): after must be the `next` string of the previous page.');
  }
  return checkLimit(options.limit, 100);
}

/** Checks `loadPage` options; resolves the page size. */
export function checkPageOptions(options: LoadPageOptions): number {
  const before: unknown = options.beforeVersion;
  if (before !== undefined && (!Number.isSafeInteger(before) || (before as number) < 1)) {
    throw new InvalidRequestError(
      `loadPage(): beforeVersion must be a whole number of at least 1 (the beforeVersion of the previous page); got ${describeValue(before)}.`,
    );
  }
  return checkLimit(options.limit, 50);
}

/** Checks a TTL: `undefined`, or a whole number of milliseconds of at least 1. */
export function checkTtl(ttlMs: unknown, where: string): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isSafeInteger(ttlMs) || (ttlMs as number) < 1) {
    throw new InvalidRequestError(
      `${where}: ttlMs must be a whole number of milliseconds of at least 1; got ${describeValue(ttlMs)}.`,
    );
  }
  return ttlMs as number;
}

/** Checks metadata: a plain object that JSON can hold. Returns its JSON text. */
export function checkMetadata(conversationId: string, metadata: unknown): string {
  const isPlain =
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(metadata) as object | null);
  let json: string | undefined;
  try {
    json = isPlain ? JSON.stringify(metadata) : undefined;
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    throw new InvalidRequestError(
      `Conversation '${conversationId}': metadata must be a plain object of JSON values.`,
    );
  }
  return json;
}

/** The `ConversationConflictError` every store rejects a stale append with. */
export function conflictError(
  conversationId: string,
  expectedVersion: number,
  actualVersion: number,
): ConversationConflictError {
  return new ConversationConflictError(
    `Conversation '${conversationId}' changed since it was loaded (expected version ${expectedVersion}, found ${actualVersion}); reload it and append again.`,
    { conversationId, expectedVersion, actualVersion },
  );
}

/** Checks a summary's range and text before it is stored. */
export function checkSummary(conversationId: string, summary: ConversationSummary): void {
  checkConversationId(conversationId);
  const { fromVersion, toVersion, text } = summary;
  if (
    !Number.isSafeInteger(fromVersion) ||
    !Number.isSafeInteger(toVersion) ||
    fromVersion < 1 ||
    toVersion < fromVersion
  ) {
    throw new InvalidRequestError(
      `Conversation '${conversationId}': a summary covers turns fromVersion..toVersion, whole numbers with 1 <= fromVersion <= toVersion; got ${String(fromVersion)}..${String(toVersion)}.`,
    );
  }
  if (typeof text !== 'string' || text === '') {
    throw new InvalidRequestError(
      `Conversation '${conversationId}': a summary needs a non-empty text.`,
    );
  }
}

/** The `ConversationConflictError` of `create` when the conversation exists. */
export function existsError(
  conversationId: string,
  actualVersion: number,
): ConversationConflictError {
  return new ConversationConflictError(
    `Conversation '${conversationId}' already exists (version ${actualVersion}); load it, or create one with another id.`,
    { conversationId, expectedVersion: 0, actualVersion },
  );
}

/** The `NotFoundError` of a metadata or summary write to a conversation that does not exist. */
export function notFoundError(conversationId: string): NotFoundError {
  return new NotFoundError(
    `Conversation '${conversationId}' does not exist (or expired); create it or append to it first.`,
  );
}
