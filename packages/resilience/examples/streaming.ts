import { StreamInterruptedError, type ChatModel } from '@org/llm-core';

/** Prints a streamed answer; `model` is any model, e.g. from `withResilience`. */
export async function printAnswer(model: ChatModel, question: string): Promise<void> {
  // Retries, fallbacks and hedges act until this promise resolves: at the first content part.
  const stream = await model.stream({ messages: [{ role: 'user', content: question }] });
  try {
    for await (const text of stream.textStream) process.stdout.write(text);
  } catch (error) {
    // After the first content nothing is retried invisibly: the reader decides.
    if (StreamInterruptedError.isInstance(error)) {
      console.error(`\n[answer cut after ${error.partialText.length} characters]`, error.cause);
      return;
    }
    throw error;
  }
}
