import { describe, expect, it } from 'vitest';
import {
  anthropicModelCapabilities,
  anthropicModelCatalog,
  findAnthropicModelSpec,
  unknownAnthropicModelSpec,
} from './anthropic-model-catalog.ts';

describe('anthropic model catalog', () => {
  it('resolves aliases and dated snapshot ids, and nothing else', () => {
    expect(findAnthropicModelSpec('claude-haiku-4-5')).toBe(
      anthropicModelCatalog['claude-haiku-4-5'],
    );
    expect(findAnthropicModelSpec('claude-haiku-4-5-20251001')).toBe(
      anthropicModelCatalog['claude-haiku-4-5'],
    );
    expect(findAnthropicModelSpec('claude-haiku-4-5-preview')).toBeUndefined();
    expect(findAnthropicModelSpec('toString')).toBeUndefined();
  });

  it('holds real limits, never a small constant, and consistent facts', () => {
    for (const [id, spec] of Object.entries(anthropicModelCatalog)) {
      expect(spec.maxOutputTokens, id).toBeGreaterThanOrEqual(64_000);
      expect(spec.contextWindow, id).toBeGreaterThan(spec.maxOutputTokens);
      // Adaptive-only models take effort levels; manual ones that take none think with a budget.
      if (spec.thinking === 'adaptive') expect(spec.effortLevels?.length, id).toBeGreaterThan(0);
    }
  });

  it('derives capabilities from a spec', () => {
    expect(anthropicModelCapabilities(anthropicModelCatalog['claude-opus-4-7']!)).toEqual({
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: true,
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
    });
    expect(anthropicModelCapabilities(unknownAnthropicModelSpec)).toMatchObject({
      jsonSchemaOutput: false,
      reasoning: false,
      contextWindow: undefined,
      maxOutputTokens: 4096,
    });
  });
});
