import type { ModelCapabilities } from '@org/llm-core';
import { findOpenAIModel } from './openai-model-catalog.ts';

/** Capabilities assumed for a model this table does not know (a compatible server's model). */
const unknownModel: ModelCapabilities = {
  tools: true,
  parallelToolCalls: true,
  vision: false,
  jsonOutput: true,
  jsonSchemaOutput: false,
  reasoning: false,
};

interface Family {
  readonly pattern: RegExp;
  readonly capabilities: ModelCapabilities;
}

// For ids the catalog does not know (a new snapshot, a fine-tune such as
// `ft:gpt-4o-mini:org::id`): what their family can do, from OpenAI's model
// pages. First match wins, so specific names come before their family.
// Windows and output limits are in tokens. No prices: a family's members
// are priced apart.
const families: readonly Family[] = [
  {
    pattern: /^gpt-6(\.\d+)?(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: true,
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
    },
  },
  {
    pattern: /^o1-(mini|preview)/,
    capabilities: {
      tools: false,
      parallelToolCalls: false,
      vision: false,
      jsonOutput: false,
      jsonSchemaOutput: false,
      reasoning: true,
      contextWindow: 128_000,
      maxOutputTokens: 65_536,
    },
  },
  {
    pattern: /^(o1|o3|o4-mini)(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: true,
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
    },
  },
  {
    pattern: /^gpt-5(\.\d+)?-chat/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
    },
  },
  {
    pattern: /^gpt-5(\.\d+)?(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: true,
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
    },
  },
  {
    pattern: /^gpt-4\.1(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: false,
      contextWindow: 1_047_576,
      maxOutputTokens: 32_768,
    },
  },
  {
    // The first gpt-4o snapshot predates Structured Outputs.
    pattern: /^gpt-4o-2024-05-13$/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: false,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 4_096,
    },
  },
  {
    pattern: /^(gpt-4o|chatgpt-4o)(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
    },
  },
  {
    pattern: /^gpt-4-turbo/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: false,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 4_096,
    },
  },
  {
    pattern: /^gpt-(4|3\.5-turbo)(-|$)/,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: false,
      jsonOutput: true,
      jsonSchemaOutput: false,
      reasoning: false,
    },
  },
];

/**
 * What an OpenAI model can do, from its id: the catalog entry
 * (`openAIModels`, with prices) when there is one, else its family's
 * capabilities. Ids behind a routing prefix (`openai/gpt-4o` on OpenRouter)
 * are matched by their last segment. Models neither knows (most compatible
 * servers' models) get tools, JSON mode and nothing else; override per
 * model with the provider's `modelCapabilities` option.
 */
export function openAIModelCapabilities(modelId: string): ModelCapabilities {
  const name = modelId.slice(modelId.lastIndexOf('/') + 1);
  return (
    findOpenAIModel(name)?.capabilities ??
    families.find((family) => family.pattern.test(name))?.capabilities ??
    unknownModel
  );
}
