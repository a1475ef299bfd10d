// docs/adapters/anthropic.md, "Options".
import { createAnthropic, type AnthropicProvider } from '@org/llm-anthropic';

/** Every option: a rotating key, the previous API version, a model the catalog does not know. */
export function configuredProvider(readKey: () => Promise<string>): AnthropicProvider {
  return createAnthropic({
    apiKey: readKey, // or a string; a function is called per request, so keys can rotate
    baseURL: 'https://api.anthropic.com',
    headers: { 'x-team': 'search' },
    timeoutMs: 120_000,
    // Keeps temperature/top_p/top_k (0 to 1) working; the SDK's own version removed them.
    apiVersion: '2023-06-01',
    models: {
      'claude-next-preview': {
        contextWindow: 1_000_000,
        maxOutputTokens: 128_000,
        thinking: 'adaptive',
      },
    },
    fetch: async (url, init) => {
      console.log('POST', url instanceof Request ? url.url : url.toString());
      return fetch(url, init);
    },
  });
}

/** Anthropic-only request fields: metadata, cache breakpoints, betas, server tools. */
export async function anthropicOnlyFields(provider: AnthropicProvider): Promise<void> {
  const model = provider('claude-opus-4-8', { headers: { 'x-feature': 'reports' } });
  await model.generate({
    system: 'You answer questions about the attached handbook.',
    messages: [
      {
        role: 'user',
        content: [
          // A cache breakpoint on a large, stable prefix.
          {
            type: 'text',
            text: 'handbook text',
            providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
          },
          { type: 'text', text: 'What is the leave policy?' },
        ],
      },
    ],
    reasoning: { effort: 'medium' }, // output_config.effort, with adaptive thinking
    providerOptions: {
      anthropic: {
        metadata: { user_id: 'user-42' }, // any Messages API field, sent as is
        service_tier: 'auto',
        betas: ['context-management-2025-06-27'], // the anthropic-beta header
      },
    },
  });
}
