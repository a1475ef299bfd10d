import type { Cost } from '../spec/model-pricing.ts';
import type { Usage } from '../spec/usage.ts';
import { LlmError, type LlmErrorOptions } from './llm-error.ts';
import type { RequestIssue } from './provider-errors.ts';

/** Options of {@link StructuredOutputError}. */
export interface StructuredOutputErrorOptions extends LlmErrorOptions {
  /** The model's raw answer that could not be turned into the object. */
  readonly text: string;
  /** Why: JSON syntax or schema issues, each with its path. */
  readonly issues: readonly RequestIssue[];
}

/** The model's answer did not parse or validate against the schema, even after the repair round. */
export class StructuredOutputError extends LlmError {
  static override readonly errorName: string = 'StructuredOutputError';
  readonly code = 'structured-output';
  /** The model's raw answer. */
  readonly text: string;
  /** JSON syntax or schema issues, each with its path. */
  readonly issues: readonly RequestIssue[];
  constructor(message: string, options: StructuredOutputErrorOptions) {
    super(message, options, false);
    this.text = options.text;
    this.issues = options.issues;
  }
}

/** Options of {@link CircuitOpenError}. */
export interface CircuitOpenErrorOptions extends LlmErrorOptions {
  /** The breaker's key, by default `provider:modelId`. */
  readonly key: string;
}

/**
 * A circuit breaker is open: recent calls to this model failed, so the call
 * was not attempted. `retryAfterMs` is the time until the breaker probes again.
 */
export class CircuitOpenError extends LlmError {
  static override readonly errorName: string = 'CircuitOpenError';
  readonly code = 'circuit-open';
  /** The breaker's key, by default `provider:modelId`. */
  readonly key: string;
  constructor(message: string, options: CircuitOpenErrorOptions) {
    super(message, options, false);
    this.key = options.key;
  }
}

/** One failed attempt inside an {@link AllAttemptsFailedError}. */
export interface FailedAttempt {
  /** Provider of the model that was tried. */
  readonly provider: string;
  /** Model that was tried. */
  readonly modelId: string;
  /** Why it failed. */
  readonly error: unknown;
  /**
   * Tokens the attempt used before it failed, when known (a stream that broke
   * after content carries what the provider reported); providers bill them.
   */
  readonly usage?: Usage | undefined;
  /** What {@link FailedAttempt.usage} cost in US dollars, when the model's prices are known. */
  readonly cost?: Cost | undefined;
}

/** Options of {@link AllAttemptsFailedError}. */
export interface AllAttemptsFailedErrorOptions extends LlmErrorOptions {
  /** Every attempt in order, with its error. */
  readonly attempts: readonly FailedAttempt[];
}

/** Every retry or fallback attempt failed; `attempts` holds each one's error in order. */
export class AllAttemptsFailedError extends LlmError {
  static override readonly errorName: string = 'AllAttemptsFailedError';
  readonly code = 'all-attempts-failed';
  /** Every attempt in order, with its error. */
  readonly attempts: readonly FailedAttempt[];
  constructor(message: string, options: AllAttemptsFailedErrorOptions) {
    super(message, options, false);
    this.attempts = options.attempts;
  }
  /** The errors of every attempt, in order. */
  get errors(): readonly unknown[] {
    return this.attempts.map((attempt) => attempt.error);
  }
}

/** Options of {@link UnsupportedFeatureError}. */
export interface UnsupportedFeatureErrorOptions extends LlmErrorOptions {
  /** The feature, e.g. `images` or `json-schema output`. */
  readonly feature: string;
}

/** The model or adapter cannot do what the request needs (and it cannot be a mere warning). */
export class UnsupportedFeatureError extends LlmError {
  static override readonly errorName: string = 'UnsupportedFeatureError';
  readonly code = 'unsupported-feature';
  /** The feature, e.g. `images`. */
  readonly feature: string;
  constructor(message: string, options: UnsupportedFeatureErrorOptions) {
    super(message, options, false);
    this.feature = options.feature;
  }
}

/** The library was configured wrongly (a bad model id, a missing key, conflicting options). */
export class ConfigError extends LlmError {
  static override readonly errorName: string = 'ConfigError';
  readonly code = 'config';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** Options of {@link ConversationConflictError}. */
export interface ConversationConflictErrorOptions extends LlmErrorOptions {
  /** The conversation's id. */
  readonly conversationId: string;
  /** The version the writer based its change on. */
  readonly expectedVersion: number;
  /** The version the store holds. */
  readonly actualVersion: number;
}

/**
 * Another writer appended to the conversation since it was loaded; the append
 * was refused so nothing is overwritten. Reload and try again.
 */
export class ConversationConflictError extends LlmError {
  static override readonly errorName: string = 'ConversationConflictError';
  readonly code = 'conversation-conflict';
  /** The conversation's id. */
  readonly conversationId: string;
  /** The version the writer based its change on. */
  readonly expectedVersion: number;
  /** The version the store holds. */
  readonly actualVersion: number;
  constructor(message: string, options: ConversationConflictErrorOptions) {
    super(message, options, true);
    this.conversationId = options.conversationId;
    this.expectedVersion = options.expectedVersion;
    this.actualVersion = options.actualVersion;
  }
}

/** A `ChatStream` was read a second time; read it once, or call `tee()` first. */
export class StreamConsumedError extends LlmError {
  static override readonly errorName: string = 'StreamConsumedError';
  readonly code = 'stream-consumed';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}
