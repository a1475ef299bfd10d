// Public API of @org/llm-openai-http.

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
export type { MaxTokensParameter } from './prepare-openai-request.ts';
export { openAIModelCapabilities } from './openai-model-capabilities.ts';
export { openAIHttpVersion } from './openai-http-version.ts';
