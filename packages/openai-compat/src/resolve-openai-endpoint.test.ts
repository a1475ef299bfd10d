import { ConfigError } from '@org/llm-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOpenAIEndpoint } from './resolve-openai-endpoint.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveOpenAIEndpoint', () => {
  it("reads OPENAI_API_KEY for OpenAI's own host and never for another server", () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-0123');
    expect(resolveOpenAIEndpoint({}, 'createX')).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      providerId: 'openai',
      timeoutMs: 600_000,
      apiKey: 'sk-env-0123',
      apiKeyHeader: 'authorization',
      missingKey: undefined,
    });
    const local = resolveOpenAIEndpoint(
      { baseURL: 'http://localhost:11434/v1/', name: 'ollama' },
      'createX',
    );
    expect(local).toMatchObject({ baseURL: 'http://localhost:11434/v1', providerId: 'ollama' });
    expect(local.apiKey).toBeUndefined();
    expect(local.missingKey).toBeUndefined();
  });

  it("builds Azure's base URL, reads AZURE_OPENAI_API_KEY and says which key is missing", () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', '');
    const azure = resolveOpenAIEndpoint(
      { azure: { apiVersion: '2024-10-21', resourceName: 'acme' } },
      'createX',
    );
    expect(azure).toMatchObject({
      baseURL: 'https://acme.openai.azure.com/openai',
      providerId: 'azure',
      apiKeyHeader: 'api-key',
      missingKey: 'azure: no API key. Pass apiKey to createX or set AZURE_OPENAI_API_KEY.',
    });
  });

  it.each([
    [{ baseURL: '/v1' }, "createX: baseURL '/v1' is not an absolute URL"],
    [{ baseURL: 'ftp://x/v1' }, "createX: baseURL 'ftp://x/v1' must use http: or https:"],
    [{ timeoutMs: 0 }, 'createX: timeoutMs must be a positive number of milliseconds, got 0'],
    [{ azure: { apiVersion: '2024-10-21' } }, "createX: 'azure' needs 'resourceName' or 'baseURL'"],
    [
      { azure: { apiVersion: '', resourceName: 'acme' } },
      "createX: 'azure.apiVersion' is required",
    ],
  ])('rejects %o with a ConfigError that says what to fix', (options, message) => {
    expect(() => resolveOpenAIEndpoint(options, 'createX')).toThrow(ConfigError);
    expect(() => resolveOpenAIEndpoint(options, 'createX')).toThrow(message);
  });
});
