import { ConfigError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';

/**
 * Chooses which stored messages go into the next request. It never changes
 * the store: the full history stays there.
 */
export interface MemoryPolicy {
  /** The messages to send, in order; the last message (the new input) must be kept. */
  select(
    messages: readonly ChatMessage[],
  ): readonly ChatMessage[] | Promise<readonly ChatMessage[]>;
}

/**
 * Keeps at most the last `count` non-system messages. System messages in the
 * history are always kept (pinned). The window is moved forward to start at
 * a user message, so a tool result is never separated from its tool call and
 * providers that require a user message first (Anthropic) accept it; the
 * window may therefore hold fewer than `count` messages.
 */
export function lastMessages(count: number): MemoryPolicy {
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError(`lastMessages(count) needs a whole number of at least 1; got ${count}.`);
  }
  return {
    select(messages) {
      const pinned = messages.filter((message) => message.role === 'system');
      const rest = messages.filter((message) => message.role !== 'system');
      if (rest.length <= count) return [...pinned, ...rest];
      let start = rest.length - count;
      while (start < rest.length - 1 && rest[start]!.role !== 'user') start++;
      return [...pinned, ...rest.slice(start)];
    },
  };
}
