// An example app: a summarizer on the official @anthropic-ai/sdk. The guide
// docs/guides/testing-your-app.md tests it with the fake provider server.
import type Anthropic from '@anthropic-ai/sdk';

/** Streams a one-paragraph summary of `text` and returns it. */
export async function summarize(client: Anthropic, text: string): Promise<string> {
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-6',
    max_tokens: 1024,
    system: 'Summarize the user text in one paragraph.',
    messages: [{ role: 'user', content: text }],
  });
  return stream.finalText();
}

/** How many input tokens `text` costs, through the count-tokens endpoint. */
export async function inputTokens(client: Anthropic, text: string): Promise<number> {
  const count = await client.messages.countTokens({
    model: 'claude-sonnet-4-6',
    messages: [{ role: 'user', content: text }],
  });
  return count.input_tokens;
}
