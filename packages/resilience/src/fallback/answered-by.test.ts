import { ChatStream, createUsage, type ChatResult } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { answeredBy, markAnsweredBy } from './answered-by.ts';

const result: ChatResult = {
  content: [{ type: 'text', text: 'hi' }],
  text: 'hi',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: createUsage(),
  response: {},
  warnings: [],
  providerMetadata: { openai: { systemFingerprint: 'fp' } },
};

describe('answeredBy', () => {
  it('reads the model recorded in providerMetadata.resilience, keeping other metadata', () => {
    const marked = markAnsweredBy(result, { provider: 'openai', modelId: 'gpt' });
    expect(answeredBy(marked)).toEqual({ provider: 'openai', modelId: 'gpt' });
    expect(marked.providerMetadata).toEqual({
      openai: { systemFingerprint: 'fp' },
      resilience: { provider: 'openai', modelId: 'gpt' },
    });
    expect(answeredBy(result)).toBeUndefined();
  });

  it('keeps the choice of the layer closest to the adapter', () => {
    const inner = markAnsweredBy(result, { provider: 'anthropic', modelId: 'claude' });
    expect(answeredBy(markAnsweredBy(inner, { provider: 'x', modelId: 'y' }))).toEqual({
      provider: 'anthropic',
      modelId: 'claude',
    });
  });

  it("names a stream's own model", async () => {
    const stream = await ChatStream.fromResult(result, { provider: 'groq', modelId: 'llama' });
    expect(answeredBy(stream)).toEqual({ provider: 'groq', modelId: 'llama' });
  });
});
