import type { ChatModel, ChatRequest } from '@org/llm-core';
import type { CallContext, ModelRef } from '../events/resilience-events.ts';

/** The event context of one call. */
export function callContext(
  model: ModelRef,
  operation: CallContext['operation'],
  request: ChatRequest,
): CallContext {
  return {
    provider: model.provider,
    modelId: model.modelId,
    operation,
    metadata: request.metadata,
  };
}

/** `provider:modelId`, the default key of breakers and the way errors name a model. */
export function modelKey(model: ModelRef): string {
  return `${model.provider}:${model.modelId}`;
}

/** Just the provider and id of a model (events must not hold the model itself). */
export function modelRef(model: ChatModel | ModelRef): ModelRef {
  return { provider: model.provider, modelId: model.modelId };
}
