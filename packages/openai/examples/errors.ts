// docs/adapters/openai.md, "Errors".
import {
  ContextLengthExceededError,
  LlmError,
  RateLimitError,
  StreamInterruptedError,
  type ChatModel,
} from '@org/llm-core';
import { APIError } from 'openai';

/** Handles the failures an app usually cares about; the SDK's error stays reachable as `cause`. */
export async function answer(model: ChatModel, question: string): Promise<string> {
  try {
    return (await model.generate({ messages: [{ role: 'user', content: question }] })).text;
  } catch (error) {
    if (RateLimitError.isInstance(error) && error.kind === 'throttled') {
      console.warn(`throttled; wait ${error.retryAfterMs ?? 'an unknown number of'} ms`);
    } else if (ContextLengthExceededError.isInstance(error)) {
      console.error('history too long: trim or summarise it');
    } else if (LlmError.isInstance(error)) {
      console.error(error.code, error.isRetryable, error.requestId);
      if (error.cause instanceof APIError) console.error('SDK error type:', error.cause.type);
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
