import type { ChatModel } from '@org/llm-core';
import { RateLimiter, withBulkhead, withRateLimit } from '@org/llm-resilience';

/** Two models billed to one OpenAI account: one budget, and at most 16 calls each at once. */
export function limited(mini: ChatModel, large: ChatModel): [ChatModel, ChatModel] {
  const account = new RateLimiter({
    requestsPerMinute: 500,
    tokensPerMinute: 200_000,
    onLimit: 'wait',
    maxWaitMs: 20_000,
  });
  const limit = (model: ChatModel): ChatModel =>
    withRateLimit(withBulkhead(model, { maxConcurrent: 16, maxQueued: 64 }), { limiter: account });
  return [limit(mini), limit(large)];
}
