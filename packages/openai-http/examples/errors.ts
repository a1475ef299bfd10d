// docs/adapters/openai-http.md, "Errors".
import {
  AuthenticationError,
  ContextLengthExceededError,
  LlmError,
  RateLimitError,
  StreamInterruptedError,
  type ChatModel,
} from '@org/llm-core';

/** Handles the failures an app usually cares about. */
export async function answer(model: ChatModel, question: string): Promise<string> {
  try {
    return (await model.generate({ messages: [{ role: 'user', content: question }] })).text;
  } catch (error) {
    if (RateLimitError.isInstance(error) && error.kind === 'throttled') {
      console.warn(
        `throttled; the provider asks to wait ${error.retryAfterMs ?? 'an unknown number of'} ms`,
      );
    } else if (RateLimitError.isInstance(error)) {
      console.error('quota exhausted: add credit; retrying will not help');
    } else if (ContextLengthExceededError.isInstance(error)) {
      console.error('history too long: trim or summarise it');
    } else if (AuthenticationError.isInstance(error)) {
      console.error('check OPENAI_API_KEY');
    } else if (LlmError.isInstance(error)) {
      console.error(error.code, error.isRetryable, error.requestId);
    }
    throw error;
  }
}

/** A stream that breaks after its first token ends with what arrived. */
export async function streamWithPartial(model: ChatModel): Promise<string> {
  const stream = await model.stream({ messages: [{ role: 'user', content: 'Tell me a story.' }] });
  try {
    return await stream.text();
  } catch (error) {
    if (StreamInterruptedError.isInstance(error)) return `${error.partialText} [interrupted]`;
    throw error;
  }
}
