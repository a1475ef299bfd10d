import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/library-errors.ts';
import { NotFoundError } from '../errors/provider-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import { scriptedModel } from '../test-support/scripted-model.ts';
import { createRegistry } from './create-registry.ts';

const named =
  (provider: string) =>
  (modelId: string): ChatModel => ({ ...scriptedModel([]), provider, modelId });

describe('createRegistry', () => {
  const registry = createRegistry(
    {
      openai: named('openai'),
      anthropic: {
        chatModel: named('anthropic'),
        models: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
      },
    },
    {
      aliases: {
        fast: 'openai:gpt-4o-mini',
        smart: 'anthropic:claude-sonnet-4-5',
        default: 'smart',
      },
    },
  );

  it('finds models by provider:model id', () => {
    const model = registry.chatModel('anthropic:claude-sonnet-4-5');
    expect([model.provider, model.modelId]).toEqual(['anthropic', 'claude-sonnet-4-5']);
    expect(registry.chatModel('openai:gpt-4o:2024').modelId).toBe('gpt-4o:2024');
  });

  it('resolves aliases (also to other aliases) and caches instances per target', () => {
    expect(registry.chatModel('fast').modelId).toBe('gpt-4o-mini');
    expect(registry.chatModel('fast')).toBe(registry.chatModel('openai:gpt-4o-mini'));
    expect(registry.chatModel('default')).toBe(registry.chatModel('smart'));
    expect(registry.providers).toEqual(['openai', 'anthropic']);
  });

  it('accepts ids from configuration at run time', () => {
    const fromEnv = process.env.TEST_CHAT_MODEL ?? 'openai:gpt-4.1';
    expect(registry.chatModel(fromEnv).modelId).toBe('gpt-4.1');
  });

  it('lists what exists when the provider is unknown', () => {
    const fromEnv = process.env.TEST_CHAT_MODEL ?? 'antropic:claude-sonnet-4-5';
    expect(() => registry.chatModel(fromEnv)).toThrow(NotFoundError);
    expect(() => registry.chatModel(fromEnv)).toThrow(
      "Unknown provider 'antropic' in model id 'antropic:claude-sonnet-4-5'. Registered providers: openai, anthropic; aliases: fast, smart, default.",
    );
  });

  it('lists known models when the provider declares them', () => {
    expect(() => registry.chatModel('anthropic:claude-opus-9')).toThrow(
      "Unknown model 'claude-opus-9' for provider 'anthropic'. Known models: claude-sonnet-4-5, claude-haiku-4-5.",
    );
  });

  it('checks aliases when the registry is created', () => {
    expect(() =>
      createRegistry({ openai: named('openai') }, { aliases: { broken: 'nowhere' } }),
    ).toThrow("Model id 'broken' (alias of 'nowhere') must look like 'provider:model'");
    expect(() =>
      createRegistry({ openai: named('openai') }, { aliases: { typo: 'opena:gpt-4o' } }),
    ).toThrow(NotFoundError);
    expect(() =>
      createRegistry({ openai: named('openai') }, { aliases: { a: 'b', b: 'a' } }),
    ).toThrow(/form a loop/);
  });

  it.each(['gpt-4o', ':gpt-4o', 'openai:'])('explains the id format for %j', (id) => {
    expect(() => registry.chatModel(id)).toThrow(ConfigError);
    expect(() => registry.chatModel(id)).toThrow(/must look like 'provider:model'/);
  });

  it('supports another separator', () => {
    const slash = createRegistry({ groq: named('groq') }, { separator: '/' });
    expect(slash.chatModel('groq/llama-3.3-70b').modelId).toBe('llama-3.3-70b');
  });

  it('passes strict mode to every provider when the registry is strict, and nothing otherwise', () => {
    const seen: unknown[] = [];
    const provider = (modelId: string, settings?: unknown): ChatModel => {
      seen.push(settings);
      return named('openai')(modelId);
    };
    const strict = createRegistry(
      { openai: provider, anthropic: { chatModel: provider } },
      { strict: true },
    );
    strict.chatModel('openai:a');
    strict.chatModel('anthropic:b');
    createRegistry({ openai: provider }).chatModel('openai:c');
    expect(seen).toEqual([{ strict: true }, { strict: true }, undefined]);
  });
});
