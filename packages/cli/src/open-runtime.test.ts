import { describe, expect, it } from 'vitest';
import { configFromEnvironment } from './open-runtime.ts';

describe('configFromEnvironment', () => {
  it('makes a provider of each key set, their base URLs as the SDKs read them, and default the first', () => {
    expect(configFromEnvironment({})).toBeUndefined();
    expect(configFromEnvironment({ OPENAI_API_KEY: '' })).toBeUndefined();
    expect(
      configFromEnvironment({
        ANTHROPIC_API_KEY: 'sk-ant',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:4010',
      }),
    ).toEqual({
      providers: {
        anthropic: {
          adapter: 'anthropic',
          apiKey: 'env:ANTHROPIC_API_KEY',
          baseURL: 'http://127.0.0.1:4010',
        },
      },
      models: { default: 'anthropic:claude-sonnet-5-5' },
    });
    expect(configFromEnvironment({ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'sk-ant' })).toEqual({
      providers: {
        openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' },
        anthropic: { adapter: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' },
      },
      models: { default: 'openai:gpt-6-luna' },
    });
  });
});
