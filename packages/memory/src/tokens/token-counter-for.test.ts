import { describe, expect, it } from 'vitest';
import { openAIEncodingFor, openAITokenCounter } from './openai-token-counter.ts';
import { tokenCounterFor } from './token-counter-for.ts';

describe('tokenCounterFor', () => {
  it('picks the tokenizer of the model', () => {
    expect(tokenCounterFor({ provider: 'openai', modelId: 'gpt-4o-mini' }).id).toBe(
      'openai-o200k_base',
    );
    expect(tokenCounterFor({ provider: 'azure', modelId: 'gpt-4-0613' }).id).toBe(
      'openai-cl100k_base',
    );
    expect(tokenCounterFor({ provider: 'anthropic', modelId: 'claude-sonnet-4-5' }).id).toBe(
      'claude-estimate',
    );
    expect(
      tokenCounterFor(
        { provider: 'anthropic', modelId: 'claude-sonnet-4-5' },
        { anthropicCountTokens: { apiKey: 'k' } },
      ).id,
    ).toBe('anthropic-count-tokens:claude-sonnet-4-5');
    expect(tokenCounterFor({ provider: 'vllm', modelId: 'llama-3-8b' }).id).toBe('estimate');
  });

  it('knows which OpenAI models use which encoding', () => {
    for (const id of [
      'gpt-4o',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-nano',
      'gpt-5',
      'o3-mini',
      'o1',
      'chatgpt-4o-latest',
      'ft:gpt-4o-mini:org::abc',
      'something-new',
    ]) {
      expect(openAIEncodingFor(id), id).toBe('o200k_base');
    }
    for (const id of [
      'gpt-4',
      'gpt-4-turbo',
      'gpt-3.5-turbo',
      'gpt-35-turbo',
      'text-embedding-3-small',
    ]) {
      expect(openAIEncodingFor(id), id).toBe('cl100k_base');
    }
  });
});

describe('openAITokenCounter', () => {
  it('counts text the way the Chat Completions prompt frames it', async () => {
    const counter = openAITokenCounter('o200k_base');
    // "Hello world" is 2 tokens in o200k_base; each message adds 3 plus its role (1).
    expect(await counter.countMessages([{ role: 'user', content: 'Hello world' }])).toEqual([6]);
    expect(await counter.countOverhead({})).toBe(3);
    expect(await counter.countOverhead({ system: 'Hello world' })).toBe(3 + 3 + 1 + 2);
  });

  it('treats special-token text in a message as plain text', async () => {
    const [tokens] = await openAITokenCounter().countMessages([
      { role: 'user', content: 'say <|endoftext|> now' },
    ]);
    expect(tokens).toBeGreaterThan(6);
  });
});
