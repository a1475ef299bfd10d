import type { ChatModel } from '@org/llm-core';
import { generateMany } from '@org/llm-resilience';

/** Summarises many documents, 8 at a time; one failure never fails the batch. */
export async function summarise(
  model: ChatModel,
  documents: readonly string[],
): Promise<(string | undefined)[]> {
  const results = await generateMany(
    model,
    documents.map((text) => ({
      system: 'Summarise in one sentence.',
      messages: [{ role: 'user', content: text }],
    })),
    {
      concurrency: 8,
      onProgress: ({ succeeded, failed, inFlight, total, outputTokens }) => {
        console.info(
          `${succeeded + failed}/${total} done, ${failed} failed, ${inFlight} running, ${outputTokens} tokens out`,
        );
      },
    },
  );
  return results.map((result) => (result.status === 'fulfilled' ? result.value.text : undefined));
}
