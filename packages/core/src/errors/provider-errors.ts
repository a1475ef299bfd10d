import { LlmError, type LlmErrorOptions } from './llm-error.ts';

/** One problem found in a request: where (`messages[3].content[1]`) and what. */
export interface RequestIssue {
  /** Path into the request, e.g. `messages[3].content[1].toolCallId`; empty for the request itself. */
  readonly path: string;
  /** What is wrong there and how to fix it. */
  readonly message: string;
}

/** The API key is missing, malformed or revoked (HTTP 401). Not retryable. */
export class AuthenticationError extends LlmError {
  static override readonly errorName: string = 'AuthenticationError';
  readonly code = 'authentication';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** The key is valid but may not use this model, region or feature (HTTP 403). Not retryable. */
export class PermissionDeniedError extends LlmError {
  static override readonly errorName: string = 'PermissionDeniedError';
  readonly code = 'permission-denied';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** The model (or provider, or registry entry) does not exist (HTTP 404). Not retryable. */
export class NotFoundError extends LlmError {
  static override readonly errorName: string = 'NotFoundError';
  readonly code = 'not-found';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** Options of {@link InvalidRequestError}. */
export interface InvalidRequestErrorOptions extends LlmErrorOptions {
  /** Every problem found, when the request was checked locally. */
  readonly issues?: readonly RequestIssue[] | undefined;
}

/**
 * The request is malformed: rejected locally by `validateChatRequest` (then
 * `issues` lists every problem) or by the provider (HTTP 400, 413, 422). Not retryable.
 */
export class InvalidRequestError extends LlmError {
  static override readonly errorName: string = 'InvalidRequestError';
  readonly code: 'invalid-request' | 'context-length-exceeded' = 'invalid-request';
  /** Every problem found locally; empty when the provider rejected the request. */
  readonly issues: readonly RequestIssue[];
  constructor(message: string, options: InvalidRequestErrorOptions = {}) {
    super(message, options, false);
    this.issues = options.issues ?? [];
  }
}

/**
 * The prompt plus `maxOutputTokens` does not fit the model's context window.
 * A subclass of {@link InvalidRequestError}: shorten the history or pick a
 * model with a larger window. Not retryable as is.
 */
export class ContextLengthExceededError extends InvalidRequestError {
  static override readonly errorName: string = 'ContextLengthExceededError';
  override readonly code = 'context-length-exceeded';
}

/** The provider's safety system blocked the request or the answer. Not retryable. */
export class ContentFilterError extends LlmError {
  static override readonly errorName: string = 'ContentFilterError';
  readonly code = 'content-filter';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, false);
  }
}

/** Why a {@link RateLimitError} happened. */
export type RateLimitKind = 'throttled' | 'quota-exhausted';

/** Options of {@link RateLimitError}. */
export interface RateLimitErrorOptions extends LlmErrorOptions {
  /** `throttled` (wait and retry) or `quota-exhausted` (billing; retrying does not help). */
  readonly kind: RateLimitKind;
}

/**
 * HTTP 429 (or a billing refusal). `kind: 'throttled'` is retryable after
 * `retryAfterMs`; `kind: 'quota-exhausted'` is not: the account has no credit
 * or has hit a hard usage cap.
 */
export class RateLimitError extends LlmError {
  static override readonly errorName: string = 'RateLimitError';
  readonly code = 'rate-limit';
  /** `throttled` or `quota-exhausted`. */
  readonly kind: RateLimitKind;
  constructor(message: string, options: RateLimitErrorOptions) {
    super(message, options, options.kind === 'throttled');
    this.kind = options.kind;
  }
}

/** The provider is overloaded (Anthropic 529, HTTP 503, in-band `overloaded_error`). Retryable. */
export class OverloadedError extends LlmError {
  static override readonly errorName: string = 'OverloadedError';
  readonly code = 'overloaded';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, true);
  }
}

/** The provider failed (HTTP 5xx, 409 conflicts, in-band `api_error`). Retryable. */
export class ServerError extends LlmError {
  static override readonly errorName: string = 'ServerError';
  readonly code = 'server';
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, options, true);
  }
}
