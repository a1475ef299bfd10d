import { LlmError, type LlmErrorOptions } from '../errors/llm-error.ts';

/** Options of {@link ConversationDataError}. */
export interface ConversationDataErrorOptions extends LlmErrorOptions {
  /** The conversation whose stored data is bad. */
  readonly conversationId: string;
  /** The turn (its version) that holds the bad data, when one does. */
  readonly version?: number | undefined;
}

/**
 * A store holds data for a conversation that this library cannot read: a
 * corrupted row, a format version newer than this package knows, a message
 * that is not a valid `ChatMessage`. The message names the conversation, the
 * turn and what is wrong. Nothing is changed or skipped: repair or delete
 * the conversation, or upgrade the package that wrote it.
 */
export class ConversationDataError extends LlmError {
  static override readonly errorName: string = 'ConversationDataError';
  readonly code = 'conversation-data';
  /** The conversation whose stored data is bad. */
  readonly conversationId: string;
  /** The turn (its version) that holds the bad data, when one does. */
  readonly version: number | undefined;
  constructor(message: string, options: ConversationDataErrorOptions) {
    super(message, options, false);
    this.conversationId = options.conversationId;
    this.version = options.version;
  }
}
