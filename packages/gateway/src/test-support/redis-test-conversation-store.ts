import {
  ConversationConflictError,
  type AppendOptions,
  type ChatMessage,
  type ConversationStore,
  type StoredConversation,
} from '@org/llm-core';
import type { Redis } from 'ioredis';

// Appends only if the list still holds the expected number of messages.
const appendScript = `
local length = redis.call('LLEN', KEYS[1])
if length ~= tonumber(ARGV[1]) then return -1 - length end
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
return length + #ARGV - 1
`;

/**
 * A minimal Redis `ConversationStore` for the scale-out test: a list of JSON
 * messages per conversation, the version being its length, appends
 * conditional in one Lua script. (Applications use `@org/llm-memory`'s
 * stores; the gateway accepts any `ConversationStore`.)
 */
export class RedisTestConversationStore implements ConversationStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const items = await this.#redis.lrange(`conversation:${conversationId}`, 0, -1);
    if (items.length === 0) return undefined;
    return {
      messages: items.map((item) => JSON.parse(item) as ChatMessage),
      version: items.length,
    };
  }

  async append(
    conversationId: string,
    messages: readonly ChatMessage[],
    options: AppendOptions,
  ): Promise<{ readonly version: number }> {
    const result = (await this.#redis.eval(
      appendScript,
      1,
      `conversation:${conversationId}`,
      options.expectedVersion,
      ...messages.map((message) => JSON.stringify(message)),
    )) as number;
    if (result < 0) {
      const actual = -1 - result;
      throw new ConversationConflictError(
        `Conversation '${conversationId}' is at version ${actual}, not ${options.expectedVersion}.`,
        { conversationId, expectedVersion: options.expectedVersion, actualVersion: actual },
      );
    }
    return { version: result };
  }

  async delete(conversationId: string): Promise<void> {
    await this.#redis.del(`conversation:${conversationId}`);
  }
}
