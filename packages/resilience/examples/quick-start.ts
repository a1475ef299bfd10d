import type { ChatModel } from '@org/llm-core';
import { withResilience, type ResilienceChatModel } from '@org/llm-resilience';

/**
 * `openai` and `claude` are adapters, e.g. `createOpenAIHttp(...)('gpt-6-luna')`
 * and `createAnthropic(...)('claude-sonnet-5-5')`.
 */
export function createChatModel(openai: ChatModel, claude: ChatModel): ResilienceChatModel {
  const model = withResilience([openai, claude], {
    retry: { maxAttempts: 3, deadlineMs: 60_000 },
    deadline: { firstContentMs: 20_000, idleMs: 15_000, attemptMs: 120_000 },
  });
  model.events.onFallback(({ from, to, error }) => {
    console.warn(`${from.modelId} failed, trying ${to?.modelId ?? 'nothing'}:`, error);
  });
  return model;
}
