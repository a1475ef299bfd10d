// docs/adapters/openai-http.md, "Create".
import { createOpenAIHttp } from '@org/llm-openai-http';

/** Creates a provider, asks once, then streams an answer. */
export async function createAndAsk(): Promise<void> {
  // The key defaults to OPENAI_API_KEY (read once, here).
  const openai = createOpenAIHttp({ apiKey: process.env.OPENAI_API_KEY });

  const model = openai('gpt-6-luna'); // or openai.chatModel('gpt-6-luna')
  const result = await model.generate({
    system: 'Answer in one sentence.',
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
    maxOutputTokens: 100,
  });
  console.log(result.text, result.usage.inputTokens, result.usage.outputTokens);

  const stream = await model.stream({ messages: [{ role: 'user', content: 'Count to five.' }] });
  for await (const text of stream.textStream) process.stdout.write(text);
}
