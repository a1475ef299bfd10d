import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from '@org/llm-core';

/** The header that names the conversation a request continues. */
export const conversationHeader = 'x-conversation-id';

const idPattern = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * The conversation a request continues, from `x-conversation-id`, or
 * `undefined`. Throws `InvalidRequestError` (400) for a malformed id, or when
 * the gateway keeps no conversations (so a client never believes its turns
 * are stored when they are not).
 */
export function conversationIdOf(
  headers: IncomingHttpHeaders,
  stored: boolean,
): string | undefined {
  const value = headers[conversationHeader];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !idPattern.test(value)) {
    throw new InvalidRequestError(
      `Invalid ${conversationHeader}: use 1 to 200 letters, digits, '.', '_', ':' or '-'.`,
      { status: 400 },
    );
  }
  if (!stored) {
    throw new InvalidRequestError(
      `This gateway keeps no conversations, so ${conversationHeader} cannot be used; send the whole history instead.`,
      { status: 400 },
    );
  }
  return value;
}
