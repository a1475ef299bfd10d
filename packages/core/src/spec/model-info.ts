import type { ModelCapabilities } from './model-capabilities.ts';

/**
 * One entry of an adapter's model catalog: what a provider's model can do,
 * what it costs and when it goes away. Catalogs feed capability checks,
 * cost accounting, `llm models` and the warnings for unknown or deprecated ids.
 */
export interface ModelInfo {
  /** Provider id, e.g. `openai` or `anthropic`. */
  readonly provider: string;
  /** The provider's model id, e.g. `claude-sonnet-4-6`. */
  readonly modelId: string;
  /** Capabilities, context window, output limit and prices. */
  readonly capabilities: ModelCapabilities;
  /** Day the provider announced the deprecation (`YYYY-MM-DD`), when it did. */
  readonly deprecatedOn?: string | undefined;
  /** Day the provider stops serving the model (`YYYY-MM-DD`), when announced. */
  readonly endOfLifeOn?: string | undefined;
  /** The model id the provider recommends instead, for deprecated and retired models. */
  readonly replacement?: string | undefined;
}
