// docs/guides/testing-your-app.md: the app code its tests exercise. It takes
// any ChatModel, so a test hands it a MockChatModel or a real adapter pointed
// at the fake provider server.
import type { ChatModel } from '@org/llm-core';

/** Summarises a support ticket in one sentence. */
export async function summarizeTicket(model: ChatModel, ticket: string): Promise<string> {
  const result = await model.generate({
    system: 'Summarise the support ticket in one sentence.',
    messages: [{ role: 'user', content: ticket }],
    maxOutputTokens: 100,
  });
  return result.text.trim();
}

/** The same summary, streamed to `write` as it arrives; resolves to the output tokens used. */
export async function streamTicketSummary(
  model: ChatModel,
  ticket: string,
  write: (text: string) => void,
): Promise<number | undefined> {
  const stream = await model.stream({
    system: 'Summarise the support ticket in one sentence.',
    messages: [{ role: 'user', content: ticket }],
    maxOutputTokens: 100,
  });
  for await (const text of stream.textStream) write(text);
  return (await stream.final()).usage.outputTokens;
}
