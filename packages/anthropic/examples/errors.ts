// docs/adapters/anthropic.md, "Errors".
import {
  ContextLengthExceededError,
  LlmError,
  OverloadedError,
  RateLimitError,
  StructuredOutputError,
  type ChatModel,
} from '@org/llm-core';

/** Handles the failures an app usually cares about. */
export async function answer(model: ChatModel, question: string): Promise<string> {
  try {
    return (await model.generate({ messages: [{ role: 'user', content: question }] })).text;
  } catch (error) {
    if (OverloadedError.isInstance(error)) {
      console.warn('Anthropic is overloaded (529): retry later or fall back to another model');
    } else if (RateLimitError.isInstance(error) && error.kind === 'throttled') {
      console.warn(`rate limited; wait ${error.retryAfterMs ?? 'an unknown number of'} ms`);
    } else if (ContextLengthExceededError.isInstance(error)) {
      console.error('prompt is too long: trim or summarise the history');
    } else if (StructuredOutputError.isInstance(error)) {
      console.error(
        'max_tokens cut a tool call or a JSON answer:',
        error.text.length,
        'characters arrived',
      );
    } else if (LlmError.isInstance(error)) {
      console.error(error.code, error.isRetryable, error.requestId, error.cause);
    }
    throw error;
  }
}
