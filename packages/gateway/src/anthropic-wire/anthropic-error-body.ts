import type { ClientError, ClientErrorKind } from '../http/describe-client-error.ts';

/** Anthropic's `error.type` for each kind of failure, and the status it comes with. */
const anthropicTypes: Readonly<Record<ClientErrorKind, { type: string; status?: number }>> = {
  'invalid-request': { type: 'invalid_request_error' },
  'context-length': { type: 'invalid_request_error' },
  'request-too-large': { type: 'request_too_large' },
  authentication: { type: 'authentication_error' },
  permission: { type: 'permission_error' },
  'not-found': { type: 'not_found_error' },
  'rate-limit-requests': { type: 'rate_limit_error' },
  'rate-limit-tokens': { type: 'rate_limit_error' },
  quota: { type: 'rate_limit_error' },
  // Anthropic's word for "no more spending allowed"; not retried by its SDK.
  budget: { type: 'billing_error', status: 402 },
  overloaded: { type: 'overloaded_error' },
  unavailable: { type: 'overloaded_error' },
  upstream: { type: 'api_error' },
  'upstream-credentials': { type: 'api_error' },
  timeout: { type: 'timeout_error' },
  internal: { type: 'api_error' },
};

/** An error answer on the Anthropic wire. */
export interface AnthropicErrorAnswer {
  /** HTTP status. */
  readonly status: number;
  /** `{ type: 'error', error: { type, message } }`. */
  readonly body: {
    readonly type: 'error';
    readonly error: { readonly type: string; readonly message: string };
  };
}

/** The Anthropic envelope `{ type: 'error', error: { type, message } }` for a client error. */
export function anthropicErrorBody(error: ClientError): AnthropicErrorAnswer {
  const { type, status } = anthropicTypes[error.kind];
  return {
    status: status ?? error.status,
    body: { type: 'error', error: { type, message: error.message } },
  };
}
