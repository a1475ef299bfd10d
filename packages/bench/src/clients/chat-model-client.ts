import type { ChatModel } from '@org/llm-core';
import type { BenchClient } from '../bench-client.ts';

/** A benchmark client over one of our `ChatModel`s: `generate`, and `stream` read part by part. */
export function chatModelClient(model: ChatModel, prompt: string): BenchClient {
  const messages = [{ role: 'user' as const, content: prompt }];
  return {
    async generate() {
      const result = await model.generate({ messages });
      return result.text.length;
    },
    async stream(onFirstText, signal) {
      const stream = await model.stream({ messages, abortSignal: signal });
      let length = 0;
      let first = onFirstText;
      for await (const part of stream) {
        if (part.type !== 'text-delta' || part.delta === '') continue;
        if (first !== undefined) {
          first();
          first = undefined;
        }
        length += part.delta.length;
      }
      return length;
    },
  };
}
