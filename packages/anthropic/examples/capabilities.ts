// docs/adapters/anthropic.md, "Capabilities".
import { generateObject, type ChatModel } from '@org/llm-core';
import { z } from 'zod';

/** Structured output: native `output_config.format`, or a forced tool where the model has none. */
export async function extractOrder(model: ChatModel): Promise<{ item: string; quantity: number }> {
  const { object, result } = await generateObject(model, {
    schema: z.object({ item: z.string(), quantity: z.number().int() }),
    messages: [{ role: 'user', content: 'Two green teas, please.' }],
  });
  console.log(result.providerMetadata?.anthropic?.structuredOutput); // 'native' or 'tool'
  return object;
}

/** Extended thinking with a budget, sent back with its signature on the next turn. */
export async function thinkTwice(model: ChatModel): Promise<string> {
  const first = await model.generate({
    messages: [{ role: 'user', content: 'Is 1,000,003 prime?' }],
    reasoning: { budgetTokens: 4096 }, // thinking.budget_tokens, or adaptive thinking on newer models
  });
  const second = await model.generate({
    messages: [
      { role: 'user', content: 'Is 1,000,003 prime?' },
      { role: 'assistant', content: [...first.content] }, // reasoning parts keep their signature
      { role: 'user', content: 'And 1,000,033?' },
    ],
    reasoning: { budgetTokens: 4096 },
  });
  return second.text;
}
