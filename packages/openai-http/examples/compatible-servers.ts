// docs/adapters/openai-http.md, "OpenAI-compatible servers".
import { createOpenAIHttp } from '@org/llm-openai-http';

/** Azure OpenAI: deployment URLs, api-version and the api-key header. */
export const azure = createOpenAIHttp({
  azure: {
    resourceName: 'my-resource',
    apiVersion: '2024-10-21',
    deployment: (modelId) => `prod-${modelId}`,
  },
  apiKey: 'azure-key', // default: AZURE_OPENAI_API_KEY
});

/** Ollama: no key, and capabilities for a model the built-in table does not know. */
export const ollama = createOpenAIHttp({
  name: 'ollama',
  baseURL: 'http://localhost:11434/v1',
  modelCapabilities: { 'llama3.2-vision': { vision: true } },
});

/** vLLM or llama.cpp builds that predate max_completion_tokens. */
export const vllm = createOpenAIHttp({
  name: 'vllm',
  baseURL: 'http://gpu-box:8000/v1',
  maxTokensParameter: 'max_tokens',
});

/** Groq and OpenRouter take a key of their own. */
export const groq = createOpenAIHttp({
  name: 'groq',
  baseURL: 'https://api.groq.com/openai/v1',
  apiKey: 'gsk_...',
});
export const openrouter = createOpenAIHttp({
  name: 'openrouter',
  baseURL: 'https://openrouter.ai/api/v1',
  apiKey: 'sk-or-...',
  headers: { 'x-title': 'My app' },
});
