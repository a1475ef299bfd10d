// docs/adapters/openai-http.md, "Options".
import { createOpenAIHttp } from '@org/llm-openai-http';
import { Agent } from 'undici';

/** Every option, with a connection pool of its own and a rotating key. */
export function configuredProvider(
  readKey: () => Promise<string>,
): ReturnType<typeof createOpenAIHttp> {
  return createOpenAIHttp({
    apiKey: readKey, // or a string; called per request, so keys can rotate
    baseURL: 'https://api.openai.com/v1',
    organization: 'org-123',
    project: 'proj_456',
    headers: { 'x-team': 'search' },
    dispatcher: new Agent({ connections: 32, keepAliveTimeout: 30_000 }),
    timeoutMs: 120_000,
    modelCapabilities: { 'ft:gpt-5.4-mini-2026-03-17:acme::abc123': { vision: false } },
  });
}

/** Sends every request through your own fetch (tracing, proxies, tests). */
export function withOwnFetch(): ReturnType<typeof createOpenAIHttp> {
  return createOpenAIHttp({
    apiKey: 'sk-...',
    fetch: async (url, init) => {
      console.log('POST', url);
      return fetch(url, init);
    },
  });
}
