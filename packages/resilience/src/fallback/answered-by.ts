import type { ChatResult, ChatStream } from '@org/llm-core';
import type { ModelRef } from '../events/resilience-events.ts';

/** Namespace of this package in `ChatResult.providerMetadata`. */
const metadataKey = 'resilience';

/**
 * Which model answered, when a fallback or hedging layer chose among
 * several: for a result of `generate()`, `providerMetadata.resilience`
 * (`{ provider, modelId }`) set by the layer that chose; for a stream, the
 * stream's own `provider` and `modelId`, which always name the model that
 * streams. `undefined` for a result no such layer touched.
 */
export function answeredBy(answer: ChatResult | ChatStream): ModelRef | undefined {
  if (!('content' in answer)) return { provider: answer.provider, modelId: answer.modelId };
  const entry = answer.providerMetadata?.[metadataKey];
  return typeof entry?.provider === 'string' && typeof entry.modelId === 'string'
    ? { provider: entry.provider, modelId: entry.modelId }
    : undefined;
}

/**
 * Records `model` as the one that answered, unless a layer closer to the
 * adapter already did (it knows better: a nested fallback's choice).
 */
export function markAnsweredBy(result: ChatResult, model: ModelRef): ChatResult {
  if (result.providerMetadata?.[metadataKey] !== undefined) return result;
  return {
    ...result,
    providerMetadata: {
      ...result.providerMetadata,
      [metadataKey]: { provider: model.provider, modelId: model.modelId },
    },
  };
}
