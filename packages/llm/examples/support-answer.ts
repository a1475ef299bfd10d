import { createFromConfig, type CreateFromConfigOptions } from '@org/llm';

/**
 * Answers one question with the configured `chat` model. Nothing here names
 * a provider: llm.config.yaml (or LLM__MODELS__CHAT) decides whether this
 * runs on OpenAI, on Claude, or on any OpenAI-compatible server.
 */
export async function answer(
  question: string,
  options: CreateFromConfigOptions = {},
): Promise<string> {
  await using llm = await createFromConfig(options);
  const chat = llm.conversation({ model: 'chat', system: 'You are a terse support agent.' });
  const reply = await chat.send(question);
  return reply.text;
}
