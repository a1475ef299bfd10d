// docs/adapters/openai.md, "Create": the two OpenAI adapters are interchangeable.
import { createRegistry, type ChatModel } from '@org/llm-core';
import { createOpenAI } from '@org/llm-openai';
import { createOpenAIHttp } from '@org/llm-openai-http';

/** The same options make either adapter; results, errors and stream parts are the same. */
export function openAIModel(useSdk: boolean, id: string): ChatModel {
  const options = { apiKey: process.env.OPENAI_API_KEY, timeoutMs: 120_000 };
  const provider = useSdk ? createOpenAI(options) : createOpenAIHttp(options);
  return createRegistry({ openai: provider }).chatModel(`openai:${id}`);
}
