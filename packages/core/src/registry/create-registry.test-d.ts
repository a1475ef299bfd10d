import { describe, expectTypeOf, it } from 'vitest';
import type { ChatModel } from '../spec/chat-model.ts';
import { createRegistry } from './create-registry.ts';

declare const model: (modelId: string) => ChatModel;

describe('registry types', () => {
  const registry = createRegistry(
    { openai: model, anthropic: model },
    { aliases: { fast: 'openai:gpt-4o-mini' } },
  );

  it('accepts registered prefixes, aliases and runtime strings', () => {
    expectTypeOf(registry.chatModel('openai:gpt-4o')).toEqualTypeOf<ChatModel>();
    expectTypeOf(registry.chatModel('fast')).toEqualTypeOf<ChatModel>();
    const fromConfig = 'anthropic:claude';
    expectTypeOf(registry.chatModel(fromConfig)).toEqualTypeOf<ChatModel>();
    expectTypeOf(registry.providers).toEqualTypeOf<readonly ('openai' | 'anthropic')[]>();
  });

  it('rejects a literal with an unknown provider or alias', () => {
    // @ts-expect-error 'antropic' is not a registered provider
    registry.chatModel('antropic:claude-sonnet-4-5');
    // @ts-expect-error 'slow' is not an alias
    registry.chatModel('slow');
  });
});
