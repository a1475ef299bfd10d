import type { AssistantContentPart, ToolCallPart } from '../messages/content-parts.ts';
import type { FinishReason } from '../spec/finish-reason.ts';
import type { Usage } from '../spec/usage.ts';
import { LlmError, type LlmErrorOptions } from './llm-error.ts';

/** The connection failed or was reset before a complete response arrived. Retryable. */
export class ConnectionError extends LlmError {
  static override readonly errorName: string = 'ConnectionError';
  readonly code = 'connection';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, true);
  }
}

/**
 * Which deadline expired:
 * - `request`: the adapter's own HTTP timeout;
 * - `first-content`: no content part arrived in time;
 * - `idle`: the stream went quiet for too long between parts;
 * - `attempt`: one attempt took too long overall;
 * - `total`: the deadline over all attempts together (not retryable).
 */
export type TimeoutPhase = 'request' | 'first-content' | 'idle' | 'attempt' | 'total';

/** Options of {@link TimeoutError}. */
export interface TimeoutErrorOptions extends LlmErrorOptions {
  /** Which deadline expired. */
  readonly phase?: TimeoutPhase | undefined;
  /** The deadline that expired, in milliseconds. */
  readonly timeoutMs?: number | undefined;
}

/** A deadline expired. Retryable, except for the total deadline. */
export class TimeoutError extends LlmError {
  static override readonly errorName: string = 'TimeoutError';
  readonly code = 'timeout';
  /** Which deadline expired. */
  readonly phase: TimeoutPhase;
  /** The deadline that expired, in milliseconds. */
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: TimeoutErrorOptions = {}) {
    super(message, options, options.phase !== 'total');
    this.phase = options.phase ?? 'request';
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * The provider answered, but not in the shape its API promises (a missing
 * field, broken JSON, stream parts out of order). The message names the field.
 * Not retryable by default.
 */
export class ResponseValidationError extends LlmError {
  static override readonly errorName: string = 'ResponseValidationError';
  readonly code = 'response-validation';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** What a stream delivered before it broke; carried by {@link StreamInterruptedError}. */
export interface PartialChatResult {
  /** The text received so far (all text parts joined). */
  readonly text: string;
  /** Content parts received so far; the last text or reasoning part may be cut short. */
  readonly content: readonly AssistantContentPart[];
  /** Tool calls whose arguments arrived completely. */
  readonly toolCalls: readonly ToolCallPart[];
  /** Token usage reported so far; fields the provider had not sent yet are `undefined`. */
  readonly usage: Usage;
  /** Finish reason, if the provider sent one before the failure. */
  readonly finishReason: FinishReason | undefined;
}

/** Options of {@link StreamInterruptedError}. */
export interface StreamInterruptedErrorOptions extends LlmErrorOptions {
  /** What arrived before the failure. */
  readonly partial: PartialChatResult;
}

/**
 * A stream failed after its first content part (its commit point): the
 * caller has already seen content, so no layer retries or falls back
 * invisibly. `partial` holds what arrived; `cause` is the underlying failure.
 * Not retryable as is (see the resilience package's `resumeInterrupted`).
 */
export class StreamInterruptedError extends LlmError {
  static override readonly errorName: string = 'StreamInterruptedError';
  readonly code = 'stream-interrupted';
  /** What arrived before the failure. */
  readonly partial: PartialChatResult;
  constructor(message: string, options: StreamInterruptedErrorOptions) {
    super(message, options, false);
    this.partial = options.partial;
  }
  /** Shortcut for `partial.text`. */
  get partialText(): string {
    return this.partial.text;
  }
}
