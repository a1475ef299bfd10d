import type { ChatModel, ChatRequest, ChatResult, ChatStream } from '@org/llm-core';
import type { ResilienceEvents } from './events/resilience-events.ts';

/**
 * A `ChatModel` returned by a resilience decorator: the same interface, plus
 * the events its layers emit. It composes with every other decorator.
 */
export interface ResilientChatModel extends ChatModel {
  /** Typed hooks for every decision of this model's layers. */
  readonly events: ResilienceEvents;
}

/** Builds a decorated model that keeps the wrapped model's identity. */
export function decorateModel<Extra extends object = object>(
  model: ChatModel,
  events: ResilienceEvents,
  calls: {
    readonly generate: (request: ChatRequest) => Promise<ChatResult>;
    readonly stream: (request: ChatRequest) => Promise<ChatStream>;
  },
  extra?: Extra,
): ResilientChatModel & Extra {
  return {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    events,
    generate: calls.generate,
    stream: calls.stream,
    ...extra!,
  };
}
