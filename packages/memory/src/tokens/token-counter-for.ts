import type { ChatModel, TokenCounter } from '@org/llm-core';
import {
  anthropicCountTokensCounter,
  type AnthropicCountTokensOptions,
} from './anthropic-count-tokens-counter.ts';
import { claudeTokenCounter } from './claude-token-counter.ts';
import { openAIEncodingFor, openAITokenCounter } from './openai-token-counter.ts';
import { estimateTokenCounter } from '@org/llm-core';

/** Options of {@link tokenCounterFor}. */
export interface TokenCounterForOptions {
  /**
   * Count Claude tokens exactly with Anthropic's count-tokens endpoint
   * (network calls, an API key) instead of the calibrated estimate.
   */
  readonly anthropicCountTokens?: Omit<AnthropicCountTokensOptions, 'modelId'> | undefined;
}

/** Providers whose models use OpenAI's tokenizers. */
const openAIProviders = new Set(['openai', 'azure', 'azure-openai']);

/**
 * The right token counter for a model: OpenAI's encodings (`js-tiktoken`,
 * `o200k_base` or `cl100k_base` by model id) for OpenAI and Azure OpenAI
 * models; for Claude, the calibrated estimate, or Anthropic's count-tokens
 * endpoint when `anthropicCountTokens` is given; a generic estimate (about 4
 * characters per token) for other OpenAI-compatible servers, whose models
 * have tokenizers of their own. Pass it as `tokenBudget`'s `counter`, so the
 * count follows the model when a conversation switches providers.
 *
 * @example
 * memory: tokenBudget({ counter: tokenCounterFor })
 */
export function tokenCounterFor(
  model: Pick<ChatModel, 'provider' | 'modelId'>,
  options: TokenCounterForOptions = {},
): TokenCounter {
  const provider = model.provider.toLowerCase();
  if (openAIProviders.has(provider)) return openAITokenCounter(openAIEncodingFor(model.modelId));
  if (provider === 'anthropic') {
    return options.anthropicCountTokens === undefined
      ? claudeTokenCounter()
      : anthropicCountTokensCounter({ ...options.anthropicCountTokens, modelId: model.modelId });
  }
  return estimateTokenCounter();
}
