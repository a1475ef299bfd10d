import { describe, expect, it } from 'vitest';
import { openAIModelCapabilities } from './openai-model-capabilities.ts';

describe('openAIModelCapabilities', () => {
  it.each<
    [string, { reasoning: boolean; vision: boolean; jsonSchemaOutput: boolean; tools: boolean }]
  >([
    ['gpt-4o-mini', { reasoning: false, vision: true, jsonSchemaOutput: true, tools: true }],
    ['gpt-4o-2024-05-13', { reasoning: false, vision: true, jsonSchemaOutput: false, tools: true }],
    [
      'gpt-4.1-nano-2025-04-14',
      { reasoning: false, vision: true, jsonSchemaOutput: true, tools: true },
    ],
    ['gpt-5-mini', { reasoning: true, vision: true, jsonSchemaOutput: true, tools: true }],
    ['gpt-5-chat-latest', { reasoning: false, vision: true, jsonSchemaOutput: true, tools: true }],
    ['o3-mini', { reasoning: true, vision: true, jsonSchemaOutput: true, tools: true }],
    ['o1-mini', { reasoning: true, vision: false, jsonSchemaOutput: false, tools: false }],
    ['gpt-3.5-turbo', { reasoning: false, vision: false, jsonSchemaOutput: false, tools: true }],
    ['openai/gpt-4o', { reasoning: false, vision: true, jsonSchemaOutput: true, tools: true }],
    ['llama3.1:8b', { reasoning: false, vision: false, jsonSchemaOutput: false, tools: true }],
  ])('knows %s', (modelId, expected) => {
    expect(openAIModelCapabilities(modelId)).toMatchObject(expected);
  });
});
