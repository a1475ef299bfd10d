import type { ChatModel, ChatModelProvider, ChatModelSettings } from '@org/llm-core';
import { createRegistry } from '@org/llm-core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createOpenAIHttp,
  type OpenAIHttpModelSettings,
  type OpenAIHttpOptions,
  type OpenAIHttpProvider,
} from './index.ts';

describe('createOpenAIHttp types', () => {
  it('returns a provider that plugs into createRegistry', () => {
    const provider = createOpenAIHttp({ apiKey: 'k' });
    expectTypeOf(provider).toEqualTypeOf<OpenAIHttpProvider>();
    expectTypeOf(provider).toExtend<ChatModelProvider>();
    expectTypeOf(provider('gpt-4o-mini')).toExtend<ChatModel>();
    expectTypeOf<OpenAIHttpProvider['chatModel']>()
      .parameter(1)
      .toEqualTypeOf<OpenAIHttpModelSettings | undefined>();
    // The registry's settings (strict mode) are per-model settings of this provider.
    expectTypeOf<ChatModelSettings>().toExtend<OpenAIHttpModelSettings>();
    expectTypeOf<OpenAIHttpModelSettings['capabilities']>().toEqualTypeOf<
      Partial<ChatModel['capabilities']> | undefined
    >();
    const registry = createRegistry({
      openai: provider,
      local: createOpenAIHttp({ name: 'ollama', baseURL: 'http://localhost:11434/v1' }),
    });
    expectTypeOf(registry.chatModel('openai:gpt-4o')).toEqualTypeOf<ChatModel>();
    // @ts-expect-error an unregistered provider prefix does not compile
    registry.chatModel('anthropic:claude-sonnet-4-5');
  });

  it('rejects wrong option types at compile time', () => {
    // @ts-expect-error timeoutMs is a number of milliseconds
    const timeout: OpenAIHttpOptions = { timeoutMs: '10s' };
    // @ts-expect-error maxTokensParameter is one of two field names
    const field: OpenAIHttpOptions = { maxTokensParameter: 'max_output_tokens' };
    // @ts-expect-error azure needs an api-version
    const azure: OpenAIHttpOptions = { azure: { resourceName: 'r' } };
    expectTypeOf<OpenAIHttpOptions['apiKey']>().toEqualTypeOf<
      string | (() => string | Promise<string>) | undefined
    >();
    expectTypeOf([timeout, field, azure]).toBeArray();
  });
});
