import type { ModelCapabilities } from '@org/llm-core';

/** An `output_config.effort` level of the Messages API. */
export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/**
 * How a model thinks (extended reasoning):
 * - `manual`: `thinking: { type: 'enabled', budget_tokens }` only;
 * - `adaptive`: `thinking: { type: 'adaptive' }` only (a budget is a 400);
 * - `adaptive-or-manual`: both.
 */
export type AnthropicThinkingMode = 'manual' | 'adaptive' | 'adaptive-or-manual';

/** What the adapter knows about one Claude model. */
export interface AnthropicModelSpec {
  /** Context window in tokens (input plus output); `undefined` when unknown. */
  readonly contextWindow: number | undefined;
  /** Largest `max_tokens` the model takes; the default `max_tokens` of every request. */
  readonly maxOutputTokens: number;
  /** How the model thinks; `undefined` when unknown (reasoning settings are then sent as given). */
  readonly thinking: AnthropicThinkingMode | undefined;
  /**
   * The `output_config.effort` levels the model takes: `[]` when it takes
   * none, `undefined` when unknown (an effort is then sent as given).
   */
  readonly effortLevels: readonly AnthropicEffort[] | undefined;
  /** Native structured output (`output_config.format` with a JSON Schema, and strict tools). */
  readonly structuredOutput: boolean;
  /**
   * Takes non-default `temperature`, `top_p` and `top_k` at all (Claude Opus
   * 4.7 and later, Sonnet 5 and Fable 5 reject them even on API version
   * `2023-06-01`).
   */
  readonly samplingParameters: boolean;
  /** Accepts image input. */
  readonly vision: boolean;
}

const allEfforts: readonly AnthropicEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const effortsWithoutXhigh: readonly AnthropicEffort[] = ['low', 'medium', 'high', 'max'];

/** Claude 4.7 and later: 1M context, 128K output, adaptive thinking, every effort, no sampling parameters. */
const adaptive1M: AnthropicModelSpec = {
  contextWindow: 1_000_000,
  maxOutputTokens: 128_000,
  thinking: 'adaptive',
  effortLevels: allEfforts,
  structuredOutput: true,
  samplingParameters: false,
  vision: true,
};

/** Claude Haiku 4.5, Sonnet 4.5: 200K context, 64K output, budget thinking, no effort. */
const manual200K: AnthropicModelSpec = {
  contextWindow: 200_000,
  maxOutputTokens: 64_000,
  thinking: 'manual',
  effortLevels: [],
  structuredOutput: true,
  samplingParameters: true,
  vision: true,
};

/** Claude Opus 4.6 and Sonnet 4.6: 1M context, 128K output, adaptive or budget thinking, effort without `xhigh`. */
const hybrid1M: AnthropicModelSpec = {
  contextWindow: 1_000_000,
  maxOutputTokens: 128_000,
  thinking: 'adaptive-or-manual',
  effortLevels: effortsWithoutXhigh,
  structuredOutput: true,
  samplingParameters: true,
  vision: true,
};

/**
 * The Claude models `@anthropic-ai/sdk` 1.14 lists that are not retired, by
 * API model id (a dated snapshot id such as `claude-sonnet-4-5-20250929`
 * resolves to its alias). Facts from Anthropic's model pages
 * (platform.claude.com/docs/en/models/<model>/overview and models/overview,
 * retrieved 2026-11-25): context window and max output; thinking mode and
 * effort levels from the Effort and Thinking pages; structured output from
 * the Structured outputs page (GA for Haiku 4.5, Sonnet 4.5, Opus 4.5 and
 * later); sampling parameters from the Sonnet 5 and Opus 4.7 migration notes.
 * Claude Mythos models share the specifications of the Fable model of the
 * same version.
 */
export const anthropicModelCatalog: Readonly<Record<string, AnthropicModelSpec>> = {
  'claude-haiku-4-5': manual200K,
  'claude-sonnet-4-5': manual200K,
  'claude-opus-4-5': { ...manual200K, effortLevels: ['low', 'medium', 'high'] },
  'claude-opus-4-6': hybrid1M,
  'claude-sonnet-4-6': hybrid1M,
  'claude-opus-4-7': adaptive1M,
  'claude-opus-4-8': adaptive1M,
  'claude-sonnet-5': adaptive1M,
  'claude-opus-5': adaptive1M,
  'claude-fable-5': adaptive1M,
  'claude-mythos-5': adaptive1M,
  'claude-fable-5-1': adaptive1M,
  'claude-mythos-5-1': adaptive1M,
  'claude-opus-5-5': adaptive1M,
  'claude-sonnet-5-5': adaptive1M,
  'claude-haiku-5-5': adaptive1M,
  'claude-fable-5-2': adaptive1M,
  'claude-mythos-5-2': adaptive1M,
};

/**
 * What the adapter assumes about a model it does not know (a newer Claude
 * model, or a model on an Anthropic-compatible host): 4,096 output tokens,
 * which every Claude model ever released accepts; no native structured
 * output (a forced tool is used instead); no known context window; reasoning
 * settings sent as given. Override it per model with `createAnthropic({
 * models: { 'my-model': { maxOutputTokens: 32_000 } } })`.
 */
export const unknownAnthropicModelSpec: AnthropicModelSpec = {
  contextWindow: undefined,
  maxOutputTokens: 4096,
  thinking: undefined,
  effortLevels: undefined,
  structuredOutput: false,
  samplingParameters: true,
  vision: false,
};

const snapshotSuffix = /-\d{8}$/;

/**
 * The catalog entry of a model id, or `undefined` when the model is unknown.
 * Dated snapshot ids resolve to their alias (`claude-haiku-4-5-20251001` →
 * `claude-haiku-4-5`).
 */
export function findAnthropicModelSpec(modelId: string): AnthropicModelSpec | undefined {
  return (
    (Object.hasOwn(anthropicModelCatalog, modelId) ? anthropicModelCatalog[modelId] : undefined) ??
    (snapshotSuffix.test(modelId)
      ? findAnthropicModelSpec(modelId.replace(snapshotSuffix, ''))
      : undefined)
  );
}

/** The neutral capabilities a model spec gives. */
export function anthropicModelCapabilities(spec: AnthropicModelSpec): ModelCapabilities {
  return {
    tools: true,
    parallelToolCalls: true,
    vision: spec.vision,
    // JSON mode is a forced tool on every model, so it is always available.
    jsonOutput: true,
    jsonSchemaOutput: spec.structuredOutput,
    reasoning: spec.thinking !== undefined,
    contextWindow: spec.contextWindow,
    maxOutputTokens: spec.maxOutputTokens,
  };
}
