import type { UnifiedFinishReason } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';

const plain = { refused: false, hasToolCalls: false };

describe('mapOpenAIFinishReason', () => {
  it.each<[string, UnifiedFinishReason]>([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['function_call', 'tool-calls'],
    ['eos', 'stop'],
    ['model_length', 'length'],
    ['error', 'error'],
    ['something_new', 'other'],
    ['toString', 'other'],
  ])('maps %s to %s and keeps the raw value', (raw, unified) => {
    expect(mapOpenAIFinishReason(raw, plain)).toEqual({ unified, raw });
  });

  it('makes a refusal content-filter whatever the raw reason', () => {
    expect(mapOpenAIFinishReason('stop', { refused: true, hasToolCalls: false })).toEqual({
      unified: 'content-filter',
      raw: 'stop',
    });
  });

  it('infers a missing reason from the presence of tool calls', () => {
    expect(mapOpenAIFinishReason(undefined, plain)).toEqual({ unified: 'stop', raw: undefined });
    expect(mapOpenAIFinishReason(undefined, { refused: false, hasToolCalls: true })).toEqual({
      unified: 'tool-calls',
      raw: undefined,
    });
  });
});
