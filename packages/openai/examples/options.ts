// docs/adapters/openai.md, "Options".
import { createOpenAI } from '@org/llm-openai';
import OpenAI from 'openai';

/** Every option, with a rotating key and a fetch of your own. */
export function configuredProvider(
  readKey: () => Promise<string>,
): ReturnType<typeof createOpenAI> {
  return createOpenAI({
    apiKey: readKey, // or a string; called per request, so keys can rotate
    baseURL: 'https://api.openai.com/v1',
    organization: 'org-123',
    project: 'proj_456',
    headers: { 'x-team': 'search' },
    fetch: async (url, init) => {
      console.log('POST', url);
      return fetch(url, init);
    },
    timeoutMs: 120_000,
    modelCapabilities: { 'ft:gpt-5.4-mini-2026-03-17:acme::abc123': { vision: false } },
  });
}

/** A client you built, for what only the SDK offers (fetchOptions, logging, workload identity). */
export function withOwnClient(): ReturnType<typeof createOpenAI> {
  const client = new OpenAI({
    apiKey: process.env.OPENAI_API_KEY,
    maxRetries: 0, // required: @org/llm-resilience owns retries
    timeout: 60_000, // becomes the default timeoutMs
    logLevel: 'debug',
  });
  return createOpenAI({ client });
}
