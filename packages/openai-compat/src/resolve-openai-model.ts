import type { ModelCapabilities } from '@org/llm-core';
import { checkModelId } from '@org/llm-core/adapter-kit';
import { openAIModelCapabilities } from './openai-model-capabilities.ts';
import { findOpenAIModel, openAIModels } from './openai-model-catalog.ts';

/** What {@link resolveOpenAIModel} needs to know besides the id. */
export interface ResolveOpenAIModelOptions {
  /** Provider id, for messages. */
  readonly provider: string;
  /** Whether requests go to OpenAI's own API (`OpenAIEndpoint.openAIHost`). */
  readonly openAIHost: boolean;
  /** Capabilities the caller declared for this model (the provider's, then the model's own), in that order. */
  readonly declared: readonly (Partial<ModelCapabilities> | undefined)[];
}

/**
 * A model's capabilities, prices included, as both OpenAI adapters make a
 * model: the catalog's (or the family's) with what the caller declared on
 * top. On OpenAI's own API the id is checked first (see `checkModelId`): a
 * retired model throws a `ModelRetiredError` naming its replacement, a
 * deprecated one warns with its end-of-life date, and an id the catalog does
 * not know warns with the closest known ids, unless the caller declared its
 * capabilities. Compatible servers' ids are their own and are not checked.
 */
export function resolveOpenAIModel(
  modelId: string,
  options: ResolveOpenAIModelOptions,
): ModelCapabilities {
  let capabilities = openAIModelCapabilities(modelId);
  let declared = false;
  for (const layer of options.declared) {
    if (layer === undefined) continue;
    capabilities = { ...capabilities, ...layer };
    declared = true;
  }
  if (options.openAIHost && (!declared || findOpenAIModel(modelId) !== undefined)) {
    checkModelId({
      provider: options.provider,
      providerName: 'OpenAI',
      modelId,
      catalog: openAIModels,
      find: findOpenAIModel,
      assumed: capabilities,
      declare: `declare its capabilities with modelCapabilities: { '${modelId}': { ... } }`,
    });
  }
  return capabilities;
}
