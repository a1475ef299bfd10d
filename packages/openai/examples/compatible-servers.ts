// docs/adapters/openai.md, "OpenAI-compatible servers".
import { createOpenAI } from '@org/llm-openai';
import { AzureOpenAI } from 'openai';

/** Azure OpenAI through the SDK's AzureOpenAI client: deployment URLs, api-version, api-key. */
export const azure = createOpenAI({
  azure: {
    resourceName: 'my-resource',
    apiVersion: '2024-10-21',
    deployment: (modelId) => `prod-${modelId}`,
  },
  apiKey: 'azure-key', // default: AZURE_OPENAI_API_KEY
});

/** Azure with Microsoft Entra ID tokens: build the AzureOpenAI client yourself. */
export function azureWithEntraId(getToken: () => Promise<string>): ReturnType<typeof createOpenAI> {
  const client = new AzureOpenAI({
    endpoint: 'https://my-resource.openai.azure.com',
    apiVersion: '2024-10-21',
    azureADTokenProvider: getToken,
    maxRetries: 0,
  });
  return createOpenAI({ client }); // provider id 'azure'
}

/** Ollama: no key, and capabilities for a model the built-in table does not know. */
export const ollama = createOpenAI({
  name: 'ollama',
  baseURL: 'http://localhost:11434/v1',
  modelCapabilities: { 'llama3.2-vision': { vision: true } },
});

/** vLLM or llama.cpp builds that predate max_completion_tokens. */
export const vllm = createOpenAI({
  name: 'vllm',
  baseURL: 'http://gpu-box:8000/v1',
  maxTokensParameter: 'max_tokens',
});

/** Groq and OpenRouter take a key of their own. */
export const openrouter = createOpenAI({
  name: 'openrouter',
  baseURL: 'https://openrouter.ai/api/v1',
  apiKey: 'sk-or-...',
  headers: { 'x-title': 'My app' },
});
