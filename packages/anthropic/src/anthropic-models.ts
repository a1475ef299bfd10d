import type { ModelInfo, ModelPricing } from '@org/llm-core';
import {
  anthropicModelCapabilities,
  anthropicModelCatalog,
  type AnthropicModelSpec,
} from './anthropic-model-catalog.ts';

// Claude's models as `ModelInfo`: the specs of anthropic-model-catalog.ts
// with prices and lifecycle. The ids are the `Model` type of
// `@anthropic-ai/sdk` (1.14) plus the retired ids people still copy from
// older tutorials; the end-of-life dates of the deprecated ones are the
// SDK's own list (`DEPRECATED_MODELS`). anthropic-models.sdk.test.ts fails
// when the installed SDK adds, drops or re-dates a model until this file
// follows. Prices (USD per million tokens) are from Anthropic's pricing and
// model pages (platform.claude.com/docs/en/about-claude/pricing,
// /models/<model>/overview), checked 2026-12-07; the cache write price is
// the 5-minute write (1.25x input), the default cache lifetime.

/** Prices: input, output, cache read, 5-minute cache write. */
function price(input: number, output: number, cacheRead: number, cacheWrite: number): ModelPricing {
  return {
    inputPerMillion: input,
    outputPerMillion: output,
    cacheReadPerMillion: cacheRead,
    cacheWritePerMillion: cacheWrite,
  };
}

interface Lifecycle {
  readonly deprecatedOn?: string;
  readonly endOfLifeOn?: string;
  readonly replacement?: string;
}

interface Entry {
  /** The alias first, then its dated snapshots. */
  readonly ids: readonly string[];
  readonly spec: AnthropicModelSpec;
  readonly pricing?: ModelPricing;
  readonly lifecycle?: Lifecycle;
}

const spec = (id: string): AnthropicModelSpec => anthropicModelCatalog[id]!;

/** Claude Sonnet 4 and Opus 4 (May 2025), retired: what they could do, for their error messages. */
const claude4: AnthropicModelSpec = { ...spec('claude-haiku-4-5'), structuredOutput: false };

const fable52 = price(8, 40, 0.2, 10);
const fable51 = price(10, 50, 0.25, 12.5);
const fable5 = price(10, 50, 1, 12.5);
const opus = price(5, 25, 0.5, 6.25);
const sonnet4 = price(3, 15, 0.3, 3.75);
const sonnet5 = price(2, 10, 0.2, 2.5);

const entries: readonly Entry[] = [
  // Claude Mythos models share the specification and prices of the Fable model of the same version.
  { ids: ['claude-fable-5-2'], spec: spec('claude-fable-5-2'), pricing: fable52 },
  { ids: ['claude-mythos-5-2'], spec: spec('claude-mythos-5-2'), pricing: fable52 },
  { ids: ['claude-opus-5-5'], spec: spec('claude-opus-5-5'), pricing: price(4, 20, 0.2, 5) },
  { ids: ['claude-sonnet-5-5'], spec: spec('claude-sonnet-5-5'), pricing: sonnet5 },
  {
    ids: ['claude-haiku-5-5'],
    spec: spec('claude-haiku-5-5'),
    // A prompt over 100K input tokens is billed wholly at the higher prices.
    pricing: {
      ...price(0.1, 0.5, 0.01, 0.125),
      longContext: { inputTokensAbove: 100_000, pricing: price(0.5, 2.5, 0.05, 0.625) },
    },
  },
  { ids: ['claude-fable-5-1'], spec: spec('claude-fable-5-1'), pricing: fable51 },
  { ids: ['claude-mythos-5-1'], spec: spec('claude-mythos-5-1'), pricing: fable51 },
  { ids: ['claude-fable-5'], spec: spec('claude-fable-5'), pricing: fable5 },
  { ids: ['claude-mythos-5'], spec: spec('claude-mythos-5'), pricing: fable5 },
  { ids: ['claude-opus-5'], spec: spec('claude-opus-5'), pricing: opus },
  { ids: ['claude-sonnet-5'], spec: spec('claude-sonnet-5'), pricing: sonnet5 },
  { ids: ['claude-opus-4-8'], spec: spec('claude-opus-4-8'), pricing: opus },
  { ids: ['claude-opus-4-7'], spec: spec('claude-opus-4-7'), pricing: opus },
  { ids: ['claude-opus-4-6'], spec: spec('claude-opus-4-6'), pricing: opus },
  { ids: ['claude-sonnet-4-6'], spec: spec('claude-sonnet-4-6'), pricing: sonnet4 },
  {
    ids: ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    spec: spec('claude-haiku-4-5'),
    pricing: price(1, 5, 0.1, 1.25),
  },
  {
    ids: ['claude-opus-4-5', 'claude-opus-4-5-20251101'],
    spec: spec('claude-opus-4-5'),
    pricing: opus,
    // The replacement is Anthropic's current Opus model (the notice's own recommendation was not in the sources checked).
    lifecycle: { endOfLifeOn: '2027-01-22', replacement: 'claude-opus-5-5' },
  },
  {
    ids: ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    spec: spec('claude-sonnet-4-5'),
    pricing: sonnet4,
    lifecycle: {
      deprecatedOn: '2026-09-30',
      endOfLifeOn: '2026-11-30',
      replacement: 'claude-sonnet-5-5',
    },
  },
  {
    ids: ['claude-mythos-preview'],
    spec: spec('claude-mythos-5'),
    lifecycle: { endOfLifeOn: '2026-06-30', replacement: 'claude-mythos-5' },
  },
  {
    ids: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    spec: claude4,
    lifecycle: {
      deprecatedOn: '2026-04-14',
      endOfLifeOn: '2026-06-15',
      replacement: 'claude-sonnet-4-6',
    },
  },
  {
    ids: ['claude-opus-4-0', 'claude-opus-4-20250514'],
    spec: { ...claude4, maxOutputTokens: 32_000 },
    lifecycle: {
      deprecatedOn: '2026-04-14',
      endOfLifeOn: '2026-06-15',
      replacement: 'claude-opus-4-8',
    },
  },
];

/**
 * Claude's models: capabilities, context window, output limit, prices and
 * lifecycle, newest first. The adapter sets a model's capabilities (and so
 * every result's `cost`) from it, and checks model ids against it on
 * Anthropic's own API.
 */
export const anthropicModels: readonly ModelInfo[] = entries.flatMap((entry) => {
  const capabilities = {
    ...anthropicModelCapabilities(entry.spec),
    ...(entry.pricing === undefined ? {} : { pricing: entry.pricing }),
  };
  return entry.ids.map((modelId) => ({
    provider: 'anthropic',
    modelId,
    capabilities,
    ...entry.lifecycle,
  }));
});

const byId = new Map(anthropicModels.map((info) => [info.modelId, info]));
const snapshotSuffix = /-\d{8}$/;

/**
 * The catalog entry of a Claude model id, or `undefined` when the catalog
 * does not know it. A dated snapshot id the catalog does not list resolves
 * to its alias (`claude-opus-4-6-20260205` → `claude-opus-4-6`).
 *
 * @example findAnthropicModel('claude-sonnet-5-5')?.capabilities.maxOutputTokens // 128000
 */
export function findAnthropicModel(modelId: string): ModelInfo | undefined {
  return (
    byId.get(modelId) ??
    (snapshotSuffix.test(modelId) ? byId.get(modelId.replace(snapshotSuffix, '')) : undefined)
  );
}
