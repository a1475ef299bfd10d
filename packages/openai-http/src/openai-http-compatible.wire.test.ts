import { AuthenticationError, ConfigError, createRegistry, type ChatRequest } from '@org/llm-core';
import { openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenAIHttp } from './create-openai-http.ts';
import { createWireHarness, testApiKey, type WireHarness } from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
});
afterAll(async () => {
  await harness.close();
});

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const masked = (key: string): string => `***${key.slice(-4)}`;

describe('Azure OpenAI', () => {
  it('uses deployment URLs with api-version and the api-key header', async () => {
    harness.server.enqueue(openai.text('Hi from Azure'), openai.text('Streamed from Azure'));
    const azure = createOpenAIHttp({
      baseURL: `${harness.server.url}/openai`,
      azure: { apiVersion: '2024-10-21', deployment: (modelId) => `prod-${modelId}` },
      apiKey: testApiKey,
    });
    const model = azure('gpt-4o-mini');
    expect(model.provider).toBe('azure');
    expect((await model.generate(hello)).text).toBe('Hi from Azure');
    expect(await (await model.stream(hello)).text()).toBe('Streamed from Azure');
    for (const request of harness.server.requests) {
      expect(request.path).toBe('/openai/deployments/prod-gpt-4o-mini/chat/completions');
      expect(request.search).toBe('?api-version=2024-10-21');
      expect(request.headers['api-key']).toBe(masked(testApiKey));
      expect(request.headers).not.toHaveProperty('authorization');
    }
  });

  it('builds the base URL from the resource name and reads AZURE_OPENAI_API_KEY', () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', '');
    const azure = createOpenAIHttp({
      azure: { resourceName: 'my-resource', apiVersion: '2024-10-21' },
    });
    expect(azure.baseURL).toBe('https://my-resource.openai.azure.com/openai');
    expect(azure.providerId).toBe('azure');
    expect(() => azure('gpt-4o')).toThrow(
      'Pass apiKey to createOpenAIHttp or set AZURE_OPENAI_API_KEY',
    );
  });

  it('rejects an Azure setup without a resource or an api-version', () => {
    expect(() => createOpenAIHttp({ azure: { apiVersion: '2024-10-21' } })).toThrow(ConfigError);
    expect(() =>
      createOpenAIHttp({ baseURL: 'https://x.openai.azure.com/openai', azure: { apiVersion: '' } }),
    ).toThrow("'azure.apiVersion' is required");
  });
});

describe('OpenAI-compatible servers', () => {
  it('reports the configured provider id in models and errors', async () => {
    harness.server.enqueue(
      openai.text('Hi from Groq'),
      openai.error(401, { message: 'Invalid API Key', code: 'invalid_api_key' }),
    );
    const groq = createOpenAIHttp({
      name: 'groq',
      baseURL: harness.server.openaiBaseURL,
      apiKey: 'gsk_test_key_0123456789',
    });
    const model = groq('llama-3.3-70b-versatile');
    expect(model.provider).toBe('groq');
    expect(model.capabilities).toMatchObject({
      tools: true,
      vision: false,
      jsonSchemaOutput: false,
    });
    expect((await model.generate(hello)).text).toBe('Hi from Groq');
    expect(harness.server.requests[0]!.headers.authorization).toBe(
      `Bearer ${masked('gsk_test_key_0123456789')}`,
    );
    const error: unknown = await model.generate(hello).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).provider).toBe('groq');
  });

  it('sends no key to a server that needs none, and never sends OPENAI_API_KEY to another host', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-secret-0000000000');
    harness.server.enqueue(openai.text('Hi from Ollama'));
    const ollama = createOpenAIHttp({ name: 'ollama', baseURL: harness.server.openaiBaseURL });
    expect((await ollama('llama3.1').generate(hello)).text).toBe('Hi from Ollama');
    expect(harness.server.lastRequest.headers).not.toHaveProperty('authorization');
  });

  it('reads OPENAI_API_KEY once, for api.openai.com only', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-key-abcdefgh12345');
    harness.server.enqueue(openai.text('Hi'));
    // Route api.openai.com to the fake server through an injected fetch.
    const provider = createOpenAIHttp({
      fetch: (url, init) =>
        fetch(url.replace('https://api.openai.com/v1', harness.server.openaiBaseURL), init),
    });
    vi.stubEnv('OPENAI_API_KEY', 'sk-changed-later-0000000');
    await provider('gpt-4o-mini').generate(hello);
    expect(harness.server.lastRequest.headers.authorization).toBe(
      `Bearer ${masked('sk-env-key-abcdefgh12345')}`,
    );
  });

  it('refuses to make an api.openai.com model without a key', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => createOpenAIHttp()('gpt-4o-mini')).toThrow(
      'openai: no API key. Pass apiKey to createOpenAIHttp or set OPENAI_API_KEY.',
    );
  });

  it('sends max_tokens instead of max_completion_tokens when asked', async () => {
    harness.server.enqueue(openai.text('short'));
    await harness
      .provider({ maxTokensParameter: 'max_tokens' })('local')
      .generate({ ...hello, maxOutputTokens: 16 });
    expect(harness.server.lastRequest.body).toMatchObject({ max_tokens: 16 });
    expect(harness.server.lastRequest.body).not.toHaveProperty('max_completion_tokens');
  });

  it('applies capability overrides per provider and per model', () => {
    const provider = harness.provider({
      modelCapabilities: { 'llama3.2-vision': { vision: true, contextWindow: 128_000 } },
    });
    expect(provider('llama3.2-vision').capabilities).toMatchObject({
      vision: true,
      contextWindow: 128_000,
      tools: true,
    });
    expect(
      provider.chatModel('gpt-4o', { capabilities: { jsonSchemaOutput: false } }).capabilities,
    ).toMatchObject({
      vision: true,
      jsonSchemaOutput: false,
    });
  });
});

describe('headers', () => {
  it('sends organization, project, user agent, provider headers and per-request headers', async () => {
    harness.server.enqueue(openai.text('Hi'));
    const provider = harness.provider({
      organization: 'org-123',
      project: 'proj_456',
      headers: { 'X-Team': 'search', 'x-override': 'provider' },
    });
    await provider('gpt-4o-mini').generate({
      ...hello,
      headers: { 'x-override': 'request', 'x-trace-id': 't-1' },
    });
    const headers = harness.server.lastRequest.headers;
    expect(headers['openai-organization']).toBe('org-123');
    expect(headers['openai-project']).toBe('proj_456');
    expect(headers['x-team']).toBe('search');
    expect(headers['x-override']).toBe('request');
    expect(headers['x-trace-id']).toBe('t-1');
    expect(headers['user-agent']).toMatch(/^@org\/llm-openai-http\/0\.1\.0 node\/v\d+\.\d+\.\d+$/);
  });

  it('calls an apiKey function per request, so keys can rotate', async () => {
    const keys = ['sk-rotating-key-one-1111', 'sk-rotating-key-two-2222'];
    let calls = 0;
    harness.server.enqueue(openai.text('a'), openai.text('b'));
    const model = harness.provider({ apiKey: async () => Promise.resolve(keys[calls++ % 2]!) })(
      'gpt-4o-mini',
    );
    await model.generate(hello);
    await (await model.stream(hello)).text();
    expect(harness.server.requests.map((request) => request.headers.authorization)).toEqual(
      keys.map((key) => `Bearer ${masked(key)}`),
    );
  });

  it('turns a failing or empty apiKey function into a ConfigError without sending anything', async () => {
    const failing = harness.provider({
      apiKey: () => {
        throw new Error('vault unavailable');
      },
    })('gpt-4o-mini');
    const error: unknown = await failing.generate(hello).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('vault unavailable'));
    await expect(
      harness
        .provider({ apiKey: () => '' })('gpt-4o-mini')
        .stream(hello),
    ).rejects.toThrow('returned no key');
    expect(harness.server.requests).toEqual([]);
  });

  it('scrubs a rotating key from errors too', async () => {
    const key = 'rotating-key-without-prefix-9876';
    harness.server.enqueue(
      openai.error(401, {
        message: `Incorrect API key provided: ${key}.`,
        code: 'invalid_api_key',
      }),
    );
    const error: unknown = await harness
      .provider({ apiKey: () => key })('gpt-4o-mini')
      .generate(hello)
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Incorrect API key provided: [redacted]');
    expect((error as AuthenticationError).responseBody).not.toContain(key);
  });
});

describe('configuration', () => {
  it.each([
    [{ baseURL: 'localhost:11434/v1' }, 'must use http: or https:'],
    [{ baseURL: 'not a url' }, 'is not an absolute URL'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a positive number'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs must be a positive number'],
  ])('rejects %o with a ConfigError', (options, message) => {
    expect(() => createOpenAIHttp({ apiKey: 'k', ...options })).toThrow(message);
  });

  it('plugs into createRegistry', async () => {
    harness.server.enqueue(openai.text('From the registry'));
    const registry = createRegistry({ local: harness.provider({ name: 'local' }) });
    const model = registry.chatModel('local:gpt-4o-mini');
    expect(model.provider).toBe('local');
    expect((await model.generate(hello)).text).toBe('From the registry');
  });
});
