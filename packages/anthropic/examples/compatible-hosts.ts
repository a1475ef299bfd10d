// docs/adapters/anthropic.md, "OpenAI-compatible servers".
import { createAnthropic } from '@org/llm-anthropic';

/** A gateway or proxy that speaks the Anthropic Messages API and reads only x-api-key. */
export const gateway = createAnthropic({
  name: 'gateway',
  baseURL: 'https://llm-gateway.internal.example.com',
  apiKey: 'gateway-key',
  apiKeyHeader: 'x-api-key',
  apiVersion: '2023-06-01',
});

/** A local server that needs no key; its model is unknown to the catalog, so say what it can do. */
export const local = createAnthropic({
  name: 'local',
  baseURL: 'http://localhost:8080',
  models: {
    'qwen3-coder': { maxOutputTokens: 32_768, contextWindow: 262_144, structuredOutput: false },
  },
});
