import type { ChatModel, ChatModelProvider } from '@org/llm-core';
import { createRegistry } from '@org/llm-core';
import type { OpenAIHttpOptions } from '@org/llm-openai-http';
import OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import { createOpenAI, type OpenAIOptions, type OpenAIProvider } from './index.ts';

describe('createOpenAI types', () => {
  it('returns a provider that plugs into createRegistry', () => {
    const provider = createOpenAI({ apiKey: 'k' });
    expectTypeOf(provider).toEqualTypeOf<OpenAIProvider>();
    expectTypeOf(provider).toExtend<ChatModelProvider>();
    expectTypeOf(provider('gpt-4o-mini')).toExtend<ChatModel>();
    const registry = createRegistry({
      openai: provider,
      local: createOpenAI({ name: 'ollama', baseURL: 'http://localhost:11434/v1' }),
    });
    expectTypeOf(registry.chatModel('openai:gpt-4o')).toEqualTypeOf<ChatModel>();
  });

  it('takes the options of @org/llm-openai-http that apply to it, so switching is an import change', () => {
    type Shared = Omit<OpenAIHttpOptions, 'dispatcher'>;
    expectTypeOf<Shared>().toExtend<OpenAIOptions>();
  });

  it('takes a client built by the application, and rejects wrong option types', () => {
    expectTypeOf({ client: new OpenAI({ apiKey: 'k', maxRetries: 0 }) }).toExtend<OpenAIOptions>();
    // @ts-expect-error timeoutMs is a number of milliseconds
    const timeout: OpenAIOptions = { timeoutMs: '10s' };
    // @ts-expect-error azure needs an api-version
    const azure: OpenAIOptions = { azure: { resourceName: 'r' } };
    expectTypeOf([timeout, azure]).toBeArray();
  });
});
