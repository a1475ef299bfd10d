import type { IncomingMessage } from 'node:http';
import { anthropicErrorBody } from '../anthropic-wire/anthropic-error-body.ts';
import { openAIErrorBody } from '../openai-wire/openai-error-body.ts';
import type { ClientError } from './describe-client-error.ts';

/**
 * Which wire a request that is not a chat call speaks (`GET /v1/models`, an
 * unknown route): Anthropic when it carries `anthropic-version` (the
 * Anthropic SDK always sends it) or names `/messages`, OpenAI otherwise.
 */
export function requestWire(request: IncomingMessage): 'openai' | 'anthropic' {
  return request.headers['anthropic-version'] !== undefined ||
    (request.url ?? '').includes('/messages')
    ? 'anthropic'
    : 'openai';
}

/** The error answer for `error` on the request's wire. */
export function errorBodyFor(
  request: IncomingMessage,
  error: ClientError,
): { readonly status: number; readonly body: unknown } {
  return requestWire(request) === 'anthropic' ? anthropicErrorBody(error) : openAIErrorBody(error);
}
