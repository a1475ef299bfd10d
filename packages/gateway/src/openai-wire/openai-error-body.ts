import type { ClientError, ClientErrorKind } from '../http/describe-client-error.ts';

/** OpenAI's `error.type` and `error.code` for each kind of failure. */
const openAITypes: Readonly<Record<ClientErrorKind, { type: string; code: string | null }>> = {
  'invalid-request': { type: 'invalid_request_error', code: null },
  'context-length': { type: 'invalid_request_error', code: 'context_length_exceeded' },
  'request-too-large': { type: 'invalid_request_error', code: 'request_too_large' },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission: { type: 'invalid_request_error', code: 'model_not_allowed' },
  'not-found': { type: 'invalid_request_error', code: 'model_not_found' },
  'rate-limit-requests': { type: 'requests', code: 'rate_limit_exceeded' },
  'rate-limit-tokens': { type: 'tokens', code: 'rate_limit_exceeded' },
  quota: { type: 'insufficient_quota', code: 'insufficient_quota' },
  budget: { type: 'insufficient_quota', code: 'insufficient_quota' },
  overloaded: { type: 'server_error', code: 'overloaded' },
  unavailable: { type: 'server_error', code: 'circuit_open' },
  upstream: { type: 'server_error', code: 'upstream_error' },
  'upstream-credentials': { type: 'server_error', code: 'upstream_credentials' },
  timeout: { type: 'server_error', code: 'timeout' },
  internal: { type: 'server_error', code: null },
};

/** An error answer on the OpenAI wire. */
export interface OpenAIErrorAnswer {
  /** HTTP status (an overload is 503 here: OpenAI has no 529). */
  readonly status: number;
  /** `{ error: { message, type, param, code } }`. */
  readonly body: { readonly error: Record<string, unknown> };
}

/** The OpenAI envelope `{ error: { message, type, param, code } }` for a client error. */
export function openAIErrorBody(error: ClientError): OpenAIErrorAnswer {
  const { type, code } = openAITypes[error.kind];
  return {
    status: error.status === 529 ? 503 : error.status,
    body: { error: { message: error.message, type, param: error.param ?? null, code } },
  };
}
