import type { ModelCapabilities, ModelInfo, ModelPricing } from '@org/llm-core';

// OpenAI's chat models: the ids are the `ChatModel` type of the `openai` SDK
// (7.57), whose doc comment also gives each deprecated id's announced
// shutdown date (`endOfLifeOn` below); openai-model-catalog.sdk.test.ts in
// @org/llm-openai fails when the installed SDK adds, drops or re-dates a
// model until this file follows. Context windows, output limits and prices
// (USD per million tokens) are from OpenAI's model and pricing pages
// (developers.openai.com/api/docs/models/<id>, /pricing, /deprecations),
// checked 2026-12-07. Facts this file could not confirm are left undefined
// rather than guessed; a comment says where a value is inferred.

type Capabilities = Omit<ModelCapabilities, 'pricing'>;

const chatTools = {
  tools: true,
  parallelToolCalls: true,
  vision: true,
  jsonOutput: true,
  jsonSchemaOutput: true,
} as const;

/** GPT-6 and GPT-5.4 and later (but the small GPT-5.4s): 1.05M context (922K input), 128K output, reasoning. */
const frontier: Capabilities = {
  ...chatTools,
  reasoning: true,
  contextWindow: 1_050_000,
  maxOutputTokens: 128_000,
};
/** GPT-5 to GPT-5.2, and GPT-5.4 mini and nano: 400K context (272K input), 128K output, reasoning. */
const gpt5: Capabilities = {
  ...chatTools,
  reasoning: true,
  contextWindow: 400_000,
  maxOutputTokens: 128_000,
};
/** The `-chat-latest` models: 128K context, 16K output, no reasoning settings. */
const chatLatest: Capabilities = {
  ...chatTools,
  reasoning: false,
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
};
const gpt41: Capabilities = {
  ...chatTools,
  reasoning: false,
  contextWindow: 1_047_576,
  maxOutputTokens: 32_768,
};
const gpt4o: Capabilities = {
  ...chatTools,
  reasoning: false,
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
};
/** o1, o3, o4-mini: 200K context, 100K output. */
const oSeries: Capabilities = {
  ...chatTools,
  reasoning: true,
  contextWindow: 200_000,
  maxOutputTokens: 100_000,
};
/** Models that predate Structured Outputs (gpt-4o-2024-05-13, GPT-4 Turbo). */
const preStructured: Capabilities = {
  ...chatTools,
  jsonSchemaOutput: false,
  reasoning: false,
  contextWindow: 128_000,
  maxOutputTokens: 4_096,
};
const gpt4: Capabilities = {
  ...chatTools,
  vision: false,
  jsonSchemaOutput: false,
  reasoning: false,
};
const o1Preview: Capabilities = {
  tools: false,
  parallelToolCalls: false,
  vision: false,
  jsonOutput: false,
  jsonSchemaOutput: false,
  reasoning: true,
  contextWindow: 128_000,
  maxOutputTokens: 65_536,
};
/** Audio and search previews: text in and out over Chat Completions; limits not confirmed. */
const special: Capabilities = {
  ...chatTools,
  vision: false,
  jsonSchemaOutput: false,
  reasoning: false,
};

/** Prices per million tokens (cache writes only where OpenAI bills them). */
function price(
  inputPerMillion: number,
  outputPerMillion: number,
  cacheReadPerMillion?: number,
  cacheWritePerMillion?: number,
): ModelPricing {
  return {
    inputPerMillion,
    outputPerMillion,
    ...(cacheReadPerMillion === undefined ? {} : { cacheReadPerMillion }),
    ...(cacheWritePerMillion === undefined ? {} : { cacheWritePerMillion }),
  };
}

/**
 * The 1.05M-context models bill a request with more than 272K input tokens
 * wholly at 2x input and cache prices and 1.5x output ("Prompts with >272K
 * input tokens are priced at 2x input and 1.5x output for the full request").
 */
function long(pricing: ModelPricing): ModelPricing {
  const double = (value: number | undefined): number | undefined =>
    value === undefined ? undefined : value * 2;
  return {
    ...pricing,
    longContext: {
      inputTokensAbove: 272_000,
      pricing: price(
        pricing.inputPerMillion * 2,
        pricing.outputPerMillion * 1.5,
        double(pricing.cacheReadPerMillion),
        double(pricing.cacheWritePerMillion),
      ),
    },
  };
}

interface Lifecycle {
  readonly deprecatedOn?: string | undefined;
  readonly endOfLifeOn?: string | undefined;
  readonly replacement?: string | undefined;
}

/**
 * One catalog entry per id: an alias and its dated snapshots share everything
 * (one capabilities object per group; every entry has the same shape, which
 * keeps building the catalog cheap when the package is loaded).
 */
function models(
  ids: readonly string[],
  capabilities: Capabilities,
  pricing?: ModelPricing,
  lifecycle: Lifecycle = {},
): ModelInfo[] {
  const shared: ModelCapabilities =
    pricing === undefined ? capabilities : { ...capabilities, pricing };
  const entries: ModelInfo[] = [];
  for (const modelId of ids) {
    entries.push({
      provider: 'openai',
      modelId,
      capabilities: shared,
      deprecatedOn: lifecycle.deprecatedOn,
      endOfLifeOn: lifecycle.endOfLifeOn,
      replacement: lifecycle.replacement,
    });
  }
  return entries;
}

/** Models OpenAI has shut down: calls fail, so the adapters refuse them on OpenAI's API. */
function retired(
  ids: readonly string[],
  endOfLifeOn: string,
  capabilities: Capabilities,
  replacement?: string,
): ModelInfo[] {
  return models(ids, capabilities, undefined, { endOfLifeOn, replacement });
}

// Announced 2026-06-11 (GPT-5 and o3) and 2026-10-14 (GPT-4o and GPT-4.1),
// with OpenAI's recommended replacements.
const gpt5Shutdown = { deprecatedOn: '2026-06-11', endOfLifeOn: '2026-12-11' } as const;
const gpt4Shutdown = {
  deprecatedOn: '2026-10-14',
  endOfLifeOn: '2027-01-14',
  replacement: 'gpt-6-luna',
} as const;

/**
 * OpenAI's chat models: capabilities, context window, output limit, prices
 * and lifecycle, newest first. Used by both OpenAI adapters (and exported by
 * them) for capabilities, cost and the checks of model ids on OpenAI's API.
 */
export const openAIModels: readonly ModelInfo[] = [
  // GPT-6 (September to November 2026). Cache writes bill at 1.25x input.
  ...models(['gpt-6-astra'], frontier, long(price(10, 50, 1, 12.5))),
  ...models(['gpt-6.1-sol'], frontier, long(price(2, 10, 0.1, 2.5))),
  ...models(['gpt-6.1-terra'], frontier, long(price(1, 5, 0.05, 1.25))),
  ...models(['gpt-6-sol'], frontier, long(price(2, 10, 0.2, 2.5))),
  ...models(['gpt-6-luna'], frontier, long(price(0.1, 0.5, 0.01, 0.125))),
  // GPT-5.6 at its current (reduced) prices; Sol's cached rate is inferred
  // from the family's 0.1x of input.
  ...models(['gpt-5.6-sol'], frontier, long(price(4, 20, 0.4, 5))),
  ...models(['gpt-5.6-terra'], frontier, long(price(2, 12, 0.2, 2.5))),
  ...models(['gpt-5.6-luna'], frontier, long(price(0.2, 1.2, 0.02, 0.25))),
  ...models(['gpt-5.5', 'gpt-5.5-2026-04-23'], frontier, long(price(5, 30, 0.5))),
  ...models(['gpt-5.4'], frontier, long(price(2.5, 15, 0.25))),
  ...models(['gpt-5.4-mini', 'gpt-5.4-mini-2026-03-17'], gpt5, price(0.75, 4.5, 0.075)),
  ...models(['gpt-5.4-nano', 'gpt-5.4-nano-2026-03-17'], gpt5, price(0.2, 1.25, 0.02), {
    endOfLifeOn: '2027-04-01',
  }),
  ...retired(['gpt-5.3-chat-latest'], '2026-08-10', chatLatest),
  ...models(['gpt-5.2', 'gpt-5.2-2025-12-11'], gpt5, price(1.75, 14, 0.175)),
  ...retired(['gpt-5.2-chat-latest'], '2026-08-10', chatLatest),
  ...models(
    ['gpt-5.2-pro', 'gpt-5.2-pro-2025-12-11'],
    { ...gpt5, jsonSchemaOutput: false },
    price(21, 168),
  ),
  ...models(['gpt-5.1', 'gpt-5.1-2025-11-13'], gpt5, price(1.25, 10, 0.125), {
    endOfLifeOn: '2027-04-01',
  }),
  ...retired(['gpt-5.1-codex'], '2026-07-23', gpt5),
  ...retired(['gpt-5.1-chat-latest'], '2026-07-23', chatLatest),
  ...models(['gpt-5', 'gpt-5-2025-08-07'], gpt5, price(1.25, 10, 0.125), {
    ...gpt5Shutdown,
    replacement: 'gpt-6.1-sol',
  }),
  ...models(['gpt-5-mini', 'gpt-5-mini-2025-08-07'], gpt5, price(0.25, 2, 0.025), {
    ...gpt5Shutdown,
    replacement: 'gpt-6.1-terra',
  }),
  // The replacement of GPT-5 nano is inferred (gpt-6-luna replaces OpenAI's small models).
  ...models(['gpt-5-nano', 'gpt-5-nano-2025-08-07'], gpt5, price(0.05, 0.4, 0.005), {
    ...gpt5Shutdown,
    replacement: 'gpt-6-luna',
  }),
  ...retired(['gpt-5-chat-latest'], '2026-07-23', chatLatest),
  ...models(['gpt-4.1', 'gpt-4.1-2025-04-14'], gpt41, price(2, 8, 0.5), gpt4Shutdown),
  ...models(['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'], gpt41, price(0.4, 1.6, 0.1), gpt4Shutdown),
  ...retired(['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], '2026-10-23', gpt41, 'gpt-5.6-luna'),
  ...retired(['o4-mini', 'o4-mini-2025-04-16'], '2026-10-23', oSeries, 'gpt-5.6-terra'),
  ...models(['o3', 'o3-2025-04-16'], oSeries, price(2, 8, 0.5), gpt5Shutdown),
  ...retired(
    ['o3-mini', 'o3-mini-2025-01-31'],
    '2026-10-23',
    { ...oSeries, vision: false },
    'gpt-5.6-sol',
  ),
  ...retired(['o1', 'o1-2024-12-17'], '2026-10-23', oSeries, 'gpt-5.6-sol'),
  ...retired(['o1-preview', 'o1-preview-2024-09-12'], '2025-07-28', o1Preview),
  ...retired(['o1-mini', 'o1-mini-2024-09-12'], '2025-10-27', o1Preview),
  ...models(
    ['gpt-4o', 'gpt-4o-2024-11-20', 'gpt-4o-2024-08-06'],
    gpt4o,
    price(2.5, 10, 1.25),
    gpt4Shutdown,
  ),
  ...retired(['gpt-4o-2024-05-13'], '2026-10-23', preStructured, 'gpt-5.6-sol'),
  ...models(['gpt-audio-mini', 'gpt-audio-mini-2025-12-15'], special, undefined, {
    endOfLifeOn: '2027-01-20',
  }),
  ...retired(['gpt-4o-audio-preview-2024-10-01'], '2025-10-10', special),
  ...retired(
    [
      'gpt-4o-audio-preview',
      'gpt-4o-audio-preview-2024-12-17',
      'gpt-4o-audio-preview-2025-06-03',
      'gpt-4o-mini-audio-preview',
      'gpt-4o-mini-audio-preview-2024-12-17',
    ],
    '2026-05-07',
    special,
  ),
  ...retired(
    [
      'gpt-4o-search-preview',
      'gpt-4o-mini-search-preview',
      'gpt-4o-search-preview-2025-03-11',
      'gpt-4o-mini-search-preview-2025-03-11',
    ],
    '2026-07-23',
    special,
  ),
  ...retired(['chatgpt-4o-latest'], '2026-02-17', gpt4o),
  ...retired(['codex-mini-latest'], '2026-02-12', oSeries),
  ...models(
    ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    gpt4o,
    price(0.15, 0.6, 0.075),
    gpt4Shutdown,
  ),
  ...retired(
    ['gpt-4-turbo', 'gpt-4-turbo-2024-04-09', 'gpt-4-1106-preview'],
    '2026-10-23',
    preStructured,
    'gpt-5.6-sol',
  ),
  ...retired(
    ['gpt-4-0125-preview', 'gpt-4-turbo-preview', 'gpt-4-0314'],
    '2026-03-26',
    preStructured,
  ),
  ...retired(['gpt-4-vision-preview'], '2024-12-06', preStructured),
  ...retired(['gpt-4', 'gpt-4-0613'], '2026-10-23', gpt4, 'gpt-5.6-sol'),
  ...retired(['gpt-4-32k', 'gpt-4-32k-0314', 'gpt-4-32k-0613'], '2025-06-06', gpt4),
  ...retired(['gpt-3.5-turbo', 'gpt-3.5-turbo-0125'], '2026-10-23', gpt4, 'gpt-5.6-terra'),
  ...retired(
    ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613', 'gpt-3.5-turbo-16k-0613'],
    '2024-09-13',
    gpt4,
  ),
  ...retired(['gpt-3.5-turbo-1106'], '2026-09-28', gpt4),
];

const byId = new Map(openAIModels.map((info) => [info.modelId, info]));

/**
 * The catalog entry of an OpenAI model id (aliases and dated snapshots are
 * entries of their own), or `undefined` for an id the catalog does not know.
 *
 * @example findOpenAIModel('gpt-6-luna')?.capabilities.pricing // { inputPerMillion: 0.1, ... }
 */
export function findOpenAIModel(modelId: string): ModelInfo | undefined {
  return byId.get(modelId);
}
