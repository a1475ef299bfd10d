// docs/adapters/anthropic.md, "Create".
import { createAnthropic } from '@org/llm-anthropic';

/** Creates a provider, asks once, then streams an answer. */
export async function createAndAsk(): Promise<void> {
  // The key defaults to ANTHROPIC_API_KEY (read once, here).
  const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

  const model = anthropic('claude-sonnet-4-6'); // or anthropic.chatModel('claude-sonnet-4-6')
  const result = await model.generate({
    system: 'Answer in one sentence.',
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
    maxOutputTokens: 200, // default: the model's output limit (128,000 here)
  });
  console.log(result.text, result.usage.inputTokens, result.usage.outputTokens);

  const stream = await model.stream({ messages: [{ role: 'user', content: 'Count to five.' }] });
  for await (const text of stream.textStream) process.stdout.write(text);

  const { inputTokens } = await model.countTokens({
    messages: [{ role: 'user', content: 'How long is this prompt?' }],
  });
  console.log(inputTokens);
}
