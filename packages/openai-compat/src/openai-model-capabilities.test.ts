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
    ['o3-mini', { reasoning: true, vision: false, jsonSchemaOutput: true, tools: true }],
    ['gpt-6.2-sol', { reasoning: true, vision: true, jsonSchemaOutput: true, tools: true }],
    ['o1-mini', { reasoning: true, vision: false, jsonSchemaOutput: false, tools: false }],
    ['gpt-3.5-turbo', { reasoning: false, vision: false, jsonSchemaOutput: false, tools: true }],
    ['openai/gpt-4o', { reasoning: false, vision: true, jsonSchemaOutput: true, tools: true }],
    ['llama3.1:8b', { reasoning: false, vision: false, jsonSchemaOutput: false, tools: true }],
  ])('knows %s', (modelId, expected) => {
    expect(openAIModelCapabilities(modelId)).toMatchObject(expected);
  });

  it('takes catalog models (with prices) before families, and routing prefixes off', () => {
    expect(openAIModelCapabilities('gpt-6-luna')).toMatchObject({
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      pricing: { inputPerMillion: 0.1, outputPerMillion: 0.5 },
    });
    expect(openAIModelCapabilities('openai/gpt-6-luna').pricing?.inputPerMillion).toBe(0.1);
    // A model the catalog does not know gets its family's capabilities, without prices.
    expect(openAIModelCapabilities('gpt-6.2-sol').pricing).toBeUndefined();
  });
});
