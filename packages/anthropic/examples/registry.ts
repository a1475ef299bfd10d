// docs/adapters/anthropic.md, "Create".
import { createRegistry, type ChatModel } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';

/** A registry where configuration picks the model: `anthropic:claude-haiku-4-5`, or the alias `fast`. */
export function modelFromConfig(id: string): ChatModel {
  const registry = createRegistry(
    { anthropic: createAnthropic() },
    { aliases: { fast: 'anthropic:claude-haiku-4-5' } },
  );
  return registry.chatModel(id);
}
