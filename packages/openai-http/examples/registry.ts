// docs/adapters/openai-http.md, "Create": choose the model by configuration.
import { createRegistry, type ChatModel } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';

/** A registry with OpenAI and a local Ollama server; `openai:gpt-6-luna` or `local:llama3.1`. */
export function modelFromConfig(id: string): ChatModel {
  const registry = createRegistry({
    openai: createOpenAIHttp(),
    local: createOpenAIHttp({ name: 'ollama', baseURL: 'http://localhost:11434/v1' }),
  });
  return registry.chatModel(id);
}
