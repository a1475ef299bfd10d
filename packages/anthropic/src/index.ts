/**
 * Anthropic Claude Messages API through the official @anthropic-ai/sdk, behind the @org/llm
 * ChatModel interface.
 *
 * @module @org/llm-anthropic
 */

export type {
  AnthropicModelSettings,
  AnthropicOptions,
  AnthropicProvider,
} from './create-anthropic.ts';
export { createAnthropic } from './create-anthropic.ts';
export type { AnthropicTokenCount } from './anthropic-chat-model.ts';
export { AnthropicChatModel } from './anthropic-chat-model.ts';
export type { AnthropicApiVersion } from './anthropic-api-version.ts';
export { anthropicSdkApiVersion } from './anthropic-api-version.ts';
export type {
  AnthropicEffort,
  AnthropicModelSpec,
  AnthropicThinkingMode,
} from './anthropic-model-catalog.ts';
export {
  anthropicModelCatalog,
  findAnthropicModelSpec,
  unknownAnthropicModelSpec,
} from './anthropic-model-catalog.ts';
export { anthropicModels, findAnthropicModel } from './anthropic-models.ts';
export type { AnthropicProviderOptions } from './anthropic-provider-options.ts';
export type { AnthropicStructuredOutputMode } from './prepare-anthropic-request.ts';
