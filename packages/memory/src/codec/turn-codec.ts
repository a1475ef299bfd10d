import {
  ConversationDataError,
  createUsage,
  type ChatMessage,
  type ConversationMetadata,
  type StoredSummary,
  type StoredTurn,
  type TurnStatus,
  type Usage,
} from '@org/llm-core';
import { toRequestIssues } from '@org/llm-core/adapter-kit';
// Stored data is checked whole on load; this package may load zod.
import { chatMessageSchema } from '@org/llm-core/schemas';

/**
 * The format this package writes turns in. A store refuses to read a turn
 * written in a newer format (by a newer version of this package) instead of
 * guessing: the error says to upgrade.
 */
export const turnFormat = 1;

/** Image bytes become base64 text (the documented JSON form of an image part), everything else is kept. */
function toJsonable(message: ChatMessage): ChatMessage {
  if (message.role !== 'user' || typeof message.content === 'string') return message;
  if (
    !message.content.some(
      (part) => part.type === 'image' && 'data' in part && part.data instanceof Uint8Array,
    )
  ) {
    return message;
  }
  return {
    ...message,
    content: message.content.map((part) =>
      part.type === 'image' && 'data' in part && part.data instanceof Uint8Array
        ? { ...part, data: Buffer.from(part.data).toString('base64') }
        : part,
    ),
  };
}

/** A turn's messages as JSON text. */
export function encodeMessages(messages: readonly ChatMessage[]): string {
  return JSON.stringify(messages.map(toJsonable));
}

/** Usage as JSON text, without the fields that are `undefined`; `null` when there is none. */
export function encodeUsage(usage: Usage | undefined): string | null {
  return usage === undefined ? null : JSON.stringify(usage);
}

/** A stored value for an error message: JSON where it can be, else its type. */
function describeValue(value: unknown): string {
  return ['undefined', 'function', 'symbol', 'bigint'].includes(typeof value)
    ? typeof value
    : JSON.stringify(value);
}

/** Where a value was read from, for error messages. */
export interface DataSource {
  readonly conversationId: string;
  /** The turn's version, when the value belongs to a turn. */
  readonly version?: number | undefined;
  /** What the value is: `turn 3`, `its metadata`, `the summary of turns 1-4`. */
  readonly what: string;
}

export function dataError(
  source: DataSource,
  problem: string,
  cause?: unknown,
): ConversationDataError {
  return new ConversationDataError(
    `Conversation '${source.conversationId}': ${source.what} ${problem}. Nothing was changed: repair or delete the conversation (its other data is intact).`,
    { conversationId: source.conversationId, version: source.version, cause },
  );
}

/** Parses JSON text read from a store; a `ConversationDataError` naming the source when it is not JSON. */
export function parseStoredJson(text: unknown, source: DataSource): unknown {
  if (typeof text !== 'string') return text; // drivers that parse JSON columns themselves
  try {
    return JSON.parse(text);
  } catch (error) {
    throw dataError(source, `is not valid JSON (${(error as Error).message})`, error);
  }
}

/** Checks stored messages; a `ConversationDataError` naming the turn and the bad field otherwise. */
export function decodeMessages(raw: unknown, source: DataSource): ChatMessage[] {
  const value = parseStoredJson(raw, source);
  if (!Array.isArray(value) || value.length === 0) {
    throw dataError(source, 'holds no list of messages');
  }
  const messages: ChatMessage[] = [];
  for (let index = 0; index < value.length; index++) {
    const parsed = chatMessageSchema.safeParse(value[index]);
    if (!parsed.success) {
      const detail = toRequestIssues(parsed.error.issues, ['messages', index])
        .slice(0, 3)
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ');
      throw dataError(source, `holds a message that is not a valid ChatMessage (${detail})`);
    }
    messages.push(parsed.data);
  }
  return messages;
}

const statuses: ReadonlySet<unknown> = new Set<TurnStatus>(['complete', 'interrupted']);

export function decodeStatus(raw: unknown, source: DataSource): TurnStatus {
  if (!statuses.has(raw)) {
    throw dataError(
      source,
      `has an unknown status ${describeValue(raw)} (expected 'complete' or 'interrupted')`,
    );
  }
  return raw as TurnStatus;
}

export function decodeUsage(raw: unknown, source: DataSource): Usage | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = parseStoredJson(raw, source);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw dataError(source, 'has a usage that is not an object');
  }
  return createUsage(value);
}

/** Refuses a turn stored in a format this package does not know. */
export function checkFormat(format: unknown, source: DataSource): void {
  if (format === turnFormat) return;
  if (typeof format === 'number' && Number.isInteger(format) && format > turnFormat) {
    throw dataError(
      source,
      `was stored in format ${format} by a newer version of @org/llm-memory; this version reads format ${turnFormat}: upgrade @org/llm-memory`,
    );
  }
  throw dataError(
    source,
    `has an unknown format ${describeValue(format)} (expected ${turnFormat})`,
  );
}

/** Fields of a stored turn as a store reads them (JSON columns as text or parsed). */
export interface RawTurn {
  readonly version: number;
  readonly format: unknown;
  readonly status: unknown;
  readonly messages: unknown;
  readonly usage: unknown;
  readonly createdAt: number | Date;
}

/** A stored turn, checked: format, status, messages and usage. */
export function decodeTurn(conversationId: string, raw: RawTurn): StoredTurn {
  const source: DataSource = { conversationId, version: raw.version, what: `turn ${raw.version}` };
  checkFormat(raw.format, source);
  const usage = decodeUsage(raw.usage, source);
  const createdAt = raw.createdAt instanceof Date ? raw.createdAt : new Date(raw.createdAt);
  if (Number.isNaN(createdAt.getTime())) throw dataError(source, 'has no valid creation time');
  return {
    version: raw.version,
    status: decodeStatus(raw.status, source),
    messages: decodeMessages(raw.messages, source),
    ...(usage === undefined ? {} : { usage }),
    createdAt,
  };
}

/** Stored metadata, checked to be a JSON object. */
export function decodeMetadata(raw: unknown, conversationId: string): ConversationMetadata {
  const value = parseStoredJson(raw, { conversationId, what: 'its metadata' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw dataError({ conversationId, what: 'its metadata' }, 'is not a JSON object');
  }
  return value as ConversationMetadata;
}

/** Fields of a stored summary as a store reads them. */
export interface RawSummary {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly text: unknown;
  readonly model: unknown;
  readonly usage: unknown;
  readonly createdAt: number | Date;
}

export function decodeSummary(conversationId: string, raw: RawSummary): StoredSummary {
  const source: DataSource = {
    conversationId,
    what: `the summary of turns ${raw.fromVersion}-${raw.toVersion}`,
  };
  if (typeof raw.text !== 'string') throw dataError(source, 'has no text');
  const usage = decodeUsage(raw.usage, source);
  return {
    fromVersion: raw.fromVersion,
    toVersion: raw.toVersion,
    text: raw.text,
    ...(typeof raw.model === 'string' ? { model: raw.model } : {}),
    ...(usage === undefined ? {} : { usage }),
    createdAt: raw.createdAt instanceof Date ? raw.createdAt : new Date(raw.createdAt),
  };
}
