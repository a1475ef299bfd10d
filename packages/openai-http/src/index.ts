/**
 * OpenAI Chat Completions over fetch/undici, for api.openai.com and any OpenAI-compatible server
 * (vLLM, llama.cpp, Ollama, Azure OpenAI, Groq, OpenRouter).
 *
 * @module @org/llm-openai-http
 */

export type {
  OpenAIHttpAzureOptions,
  OpenAIHttpModelSettings,
  OpenAIHttpOptions,
  OpenAIHttpProvider,
} from './create-openai-http.ts';
export { createOpenAIHttp } from './create-openai-http.ts';
export type { FetchFunction } from './fetch-transport.ts';
export type { OpenAIHttpModelConfig } from './openai-http-chat-model.ts';
export { OpenAIHttpChatModel } from './openai-http-chat-model.ts';
// Re-exported from @org/llm-openai-compat, where the wire mapping lives, so this package's API is unchanged.
export type { MaxTokensParameter } from '@org/llm-openai-compat';
export { findOpenAIModel, openAIModelCapabilities, openAIModels } from '@org/llm-openai-compat';
export { openAIHttpVersion } from './openai-http-version.ts';
