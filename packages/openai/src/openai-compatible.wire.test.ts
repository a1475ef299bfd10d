import {
  AuthenticationError,
  ConfigError,
  createRegistry,
  RateLimitError,
  type ChatRequest,
} from '@org/llm-core';
import { openai } from '@org/llm-testkit';
import { AzureOpenAI, OpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenAI } from './create-openai.ts';
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

describe('Azure OpenAI (the SDK’s AzureOpenAI client)', () => {
  it('uses deployment URLs with api-version and the api-key header', async () => {
    harness.server.enqueue(openai.text('Hi from Azure'), openai.text('Streamed from Azure'));
    const azure = createOpenAI({
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
      expect((request.body as { model: string }).model).toBe('gpt-4o-mini');
    }
  });

  it('routes by model id without a deployment map, and sends a rotating key as api-key', async () => {
    harness.server.enqueue(openai.text('a'));
    const azure = createOpenAI({
      baseURL: `${harness.server.url}/openai`,
      azure: { apiVersion: '2024-10-21' },
      apiKey: () => 'azure-rotating-key-0001',
    });
    await azure('gpt-4o').generate(hello);
    const request = harness.server.lastRequest;
    expect(request.path).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(request.headers['api-key']).toBe(masked('azure-rotating-key-0001'));
  });

  it('builds the base URL from the resource name and reads AZURE_OPENAI_API_KEY', () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', '');
    const azure = createOpenAI({
      azure: { resourceName: 'my-resource', apiVersion: '2024-10-21' },
    });
    expect(azure.baseURL).toBe('https://my-resource.openai.azure.com/openai');
    expect(azure.providerId).toBe('azure');
    expect(() => azure('gpt-4o')).toThrow(
      'Pass apiKey to createOpenAI or set AZURE_OPENAI_API_KEY',
    );
  });

  it('rejects an Azure setup without a resource or an api-version', () => {
    expect(() => createOpenAI({ azure: { apiVersion: '2024-10-21' } })).toThrow(ConfigError);
    expect(() =>
      createOpenAI({ baseURL: 'https://x.openai.azure.com/openai', azure: { apiVersion: '' } }),
    ).toThrow("'azure.apiVersion' is required");
  });
});

describe('OpenAI-compatible servers', () => {
  it('reports the configured provider id in models and errors', async () => {
    harness.server.enqueue(
      openai.text('Hi from Groq'),
      openai.error(401, { message: 'Invalid API Key', code: 'invalid_api_key' }),
    );
    const groq = createOpenAI({
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
    // A redacted copy of the SDK's error, never the SDK's object (its body may hold the key).
    expect((error as AuthenticationError).cause).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    });
    expect((error as AuthenticationError).cause).not.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('sends no key to a server that needs none, and none of the SDK’s environment defaults', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-secret-0000000000');
    vi.stubEnv('OPENAI_ORG_ID', 'org-from-env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj-from-env');
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:9/v1');
    harness.server.enqueue(openai.text('Hi from Ollama'), openai.text('Streamed'));
    const ollama = createOpenAI({ name: 'ollama', baseURL: harness.server.openaiBaseURL });
    expect((await ollama('llama3.1').generate(hello)).text).toBe('Hi from Ollama');
    expect(await (await ollama('llama3.1').stream(hello)).text()).toBe('Streamed');
    for (const request of harness.server.requests) {
      expect(request.headers).not.toHaveProperty('authorization');
      expect(request.headers).not.toHaveProperty('openai-organization');
      expect(request.headers).not.toHaveProperty('openai-project');
    }
  });

  it('reads OPENAI_API_KEY once, for api.openai.com only', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-key-abcdefgh12345');
    harness.server.enqueue(openai.text('Hi'));
    // Route api.openai.com to the fake server through an injected fetch.
    const provider = createOpenAI({
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
    expect(() => createOpenAI()('gpt-4o-mini')).toThrow(
      'openai: no API key. Pass apiKey to createOpenAI or set OPENAI_API_KEY.',
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
    ).toMatchObject({ vision: true, jsonSchemaOutput: false });
  });
});

describe('headers and keys', () => {
  it('sends organization, project, provider headers and per-request headers', async () => {
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

/** A client for checks that never send a request. */
function offline(options: ConstructorParameters<typeof OpenAI>[0] = {}): OpenAI {
  return new OpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', maxRetries: 0, ...options });
}

describe('a client the application built', () => {
  function client(options: ConstructorParameters<typeof OpenAI>[0] = {}): OpenAI {
    return new OpenAI({
      baseURL: harness.server.openaiBaseURL,
      apiKey: testApiKey,
      maxRetries: 0,
      ...options,
    });
  }

  it('is used as it is, with its timeout as the default timeoutMs', async () => {
    harness.server.enqueue(openai.text('From your client'), openai.text('Streamed'));
    const provider = createOpenAI({
      client: client({ timeout: 30_000 }),
      headers: { 'x-app': 'a' },
    });
    expect(provider.baseURL).toBe(harness.server.openaiBaseURL);
    expect(provider.providerId).toBe('openai');
    const model = provider('gpt-4o-mini');
    expect((await model.generate(hello)).text).toBe('From your client');
    expect(await (await model.stream(hello)).text()).toBe('Streamed');
    expect(
      harness.server.requests.map((request) => request.headers['x-stainless-timeout']),
    ).toEqual(['30', '30']);
    expect(harness.server.lastRequest.headers['x-app']).toBe('a');
  });

  it('classifies its errors from the SDK’s parsed error, scrubbing its key', async () => {
    harness.server.enqueue(
      openai.rateLimited({ retryAfterMs: 1500 }),
      openai.error(401, { message: `Incorrect API key provided: ${testApiKey}.` }),
    );
    const model = createOpenAI({ client: client() })('gpt-4o-mini');
    const limited: unknown = await model.generate(hello).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect(limited).toMatchObject({ kind: 'throttled', retryAfterMs: 1500, status: 429 });
    const denied: unknown = await model.generate(hello).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(denied)).toBe(true);
    expect(JSON.stringify((denied as AuthenticationError).toJSON())).not.toContain(testApiKey);
  });

  it('is named azure when it is an AzureOpenAI client', () => {
    const azure = new AzureOpenAI({
      baseURL: `${harness.server.url}/openai`,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      maxRetries: 0,
    });
    expect(createOpenAI({ client: azure }).providerId).toBe('azure');
  });

  it.each([
    [
      () => ({ client: offline({ maxRetries: 2 }) }),
      'the client has maxRetries 2; build it with maxRetries: 0',
    ],
    [() => ({ client: new OpenAI({ apiKey: 'k' }) }), 'maxRetries 2'],
    [
      () => ({ client: offline(), apiKey: 'k', baseURL: 'http://x' }),
      'apiKey, baseURL cannot be combined with',
    ],
    [
      // A look-alike, as a client from a second installed copy of openai would be.
      () => ({ client: Object.assign(Object.create(null), { maxRetries: 0 }) as OpenAI }),
      "'client' must be an OpenAI or AzureOpenAI instance",
    ],
    [() => ({ client: offline({ timeout: 0 }) }), 'timeoutMs must be a positive number'],
  ])('rejects options %# with a ConfigError', (options, message) => {
    expect(() => createOpenAI(options())).toThrow(message);
  });
});

describe('configuration', () => {
  it.each([
    [{ baseURL: 'localhost:11434/v1' }, 'must use http: or https:'],
    [{ baseURL: 'not a url' }, 'is not an absolute URL'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a positive number'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs must be a positive number'],
  ])('rejects %o with a ConfigError', (options, message) => {
    expect(() => createOpenAI({ apiKey: 'k', ...options })).toThrow(message);
  });

  it('plugs into createRegistry', async () => {
    harness.server.enqueue(openai.text('From the registry'));
    const registry = createRegistry({ local: harness.provider({ name: 'local' }) });
    const model = registry.chatModel('local:gpt-4o-mini');
    expect(model.provider).toBe('local');
    expect((await model.generate(hello)).text).toBe('From the registry');
  });
});
