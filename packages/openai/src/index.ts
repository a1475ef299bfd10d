/**
 * OpenAI Chat Completions through the official openai SDK, behind the @org/llm ChatModel interface:
 * the same results, errors and stream parts as @org/llm-openai-http.
 *
 * @module @org/llm-openai
 */

export type { FetchFunction } from './capture-error-bodies.ts';
export type { OpenAIModelSettings, OpenAIOptions, OpenAIProvider } from './create-openai.ts';
export { createOpenAI } from './create-openai.ts';
export type { OpenAIModelConfig } from './openai-chat-model.ts';
export { OpenAIChatModel } from './openai-chat-model.ts';
// Re-exported from @org/llm-openai-compat, as @org/llm-openai-http does, so
// switching between the two adapters changes only the import.
export type { MaxTokensParameter, OpenAIAzureOptions } from '@org/llm-openai-compat';
export { findOpenAIModel, openAIModelCapabilities, openAIModels } from '@org/llm-openai-compat';
