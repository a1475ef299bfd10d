import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.ts';

describe('mapAnthropicUsage', () => {
  it('counts cache reads and writes into inputTokens and keeps them apart too', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 20,
        output_tokens: 7,
        cache_read_input_tokens: 1111,
        cache_creation_input_tokens: 418,
      }),
    ).toEqual({
      inputTokens: 1549,
      outputTokens: 7,
      cacheReadTokens: 1111,
      cacheWriteTokens: 418,
      reasoningTokens: undefined,
    });
  });

  it('reads thinking tokens as reasoning tokens', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 1,
        output_tokens: 50,
        output_tokens_details: { thinking_tokens: 30 },
      }),
    ).toMatchObject({
      outputTokens: 50,
      reasoningTokens: 30,
    });
  });

  it('leaves fields the provider did not send undefined, never NaN', () => {
    expect(mapAnthropicUsage({ output_tokens: 3, input_tokens: null })).toEqual({
      inputTokens: undefined,
      outputTokens: 3,
      cacheReadTokens: undefined,
      cacheWriteTokens: undefined,
      reasoningTokens: undefined,
    });
    expect(mapAnthropicUsage(undefined).inputTokens).toBeUndefined();
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets the delta win where it reports a field and keeps the start elsewhere', () => {
    expect(
      mergeAnthropicUsage(
        { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 4 },
        { output_tokens: 30, input_tokens: null },
      ),
    ).toEqual({
      input_tokens: 12,
      output_tokens: 30,
      cache_read_input_tokens: 4,
      cache_creation_input_tokens: undefined,
      output_tokens_details: undefined,
    });
    // An Anthropic-compatible host that sends the real input count only at the end.
    expect(
      mergeAnthropicUsage(
        { input_tokens: 43, output_tokens: 1 },
        { input_tokens: 61, output_tokens: 2 },
      ),
    ).toMatchObject({
      input_tokens: 61,
      output_tokens: 2,
    });
    expect(mergeAnthropicUsage(undefined, { output_tokens: 2 })).toEqual({ output_tokens: 2 });
  });
});
