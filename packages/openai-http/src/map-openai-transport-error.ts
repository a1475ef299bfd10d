import { ConnectionError, LlmError, TimeoutError } from '@org/llm-core';
import { redactError, redactSecrets } from '@org/llm-core/adapter-kit';

/** Who failed, for the error's fields and message. */
export interface TransportErrorContext {
  /** Provider id. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** The URL the request went to (keys never sit in it; it is still redacted). */
  readonly url: string;
  /** Exact secrets to scrub from messages. */
  readonly secrets: readonly string[];
}

// undici's own timeouts; they fire only with a caller-supplied dispatcher
// configured with them, since the adapter turns them off per request.
const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function codeOf(error: unknown): string | undefined {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The error and its `cause` chain (fetch wraps the socket error in `TypeError: fetch failed`). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && out.length < 5;) {
    out.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Classifies a failure the transport reported (no HTTP status): the socket
 * was refused or reset, DNS failed, the server hung up mid-body, a
 * compressed body did not decode. These are {@link ConnectionError}s
 * (retryable), undici's timeouts {@link TimeoutError}s; our own errors pass
 * through unchanged. The adapter calls it only for what the transport threw
 * (sending the request, reading the body), never for a failure of its own
 * code. The transport's error is kept as `cause` in a redacted copy.
 */
export function mapOpenAITransportError(error: unknown, context: TransportErrorContext): LlmError {
  if (LlmError.isInstance(error)) return error;
  const links = chain(error);
  const code = links.map(codeOf).find((value) => value !== undefined);
  const detail = links.map(describe).join(': ');
  const options = {
    provider: context.provider,
    modelId: context.modelId,
    cause: redactError(error, context.secrets),
  };
  if (code !== undefined && timeoutCodes.has(code)) {
    return new TimeoutError(
      redactSecrets(
        `${context.provider} did not answer in time (${code}) at ${context.url}: ${detail}`,
        context.secrets,
      ),
      { ...options, phase: 'request' },
    );
  }
  const hint =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? ' Check baseURL: its host name does not resolve.'
      : code === 'ECONNREFUSED'
        ? ' Check baseURL: nothing listens there.'
        : ' The connection failed or was closed early; retrying may succeed.';
  return new ConnectionError(
    redactSecrets(
      `Could not complete the request to ${context.provider} at ${context.url}${code === undefined ? '' : ` (${code})`}: ${detail}.${hint}`,
      context.secrets,
    ),
    options,
  );
}
