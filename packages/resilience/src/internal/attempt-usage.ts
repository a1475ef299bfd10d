import {
  computeCost,
  StreamInterruptedError,
  type ChatModel,
  type Cost,
  type Usage,
} from '@org/llm-core';

/** What a failed attempt used and what that cost. */
export interface AttemptUsage {
  /** Tokens the attempt used before it failed, when known. */
  readonly usage: Usage | undefined;
  /** Their cost in US dollars, when the model's prices are known. */
  readonly cost: Cost | undefined;
}

const unknownUsage: AttemptUsage = Object.freeze({ usage: undefined, cost: undefined });

/**
 * The usage of an attempt that failed with `error`, priced with `model`'s
 * catalog prices. Only a stream that broke after content knows it (its
 * `StreamInterruptedError` carries what the provider reported); an HTTP
 * error or a broken connection before any content reports none.
 */
export function attemptUsage(model: ChatModel, error: unknown): AttemptUsage {
  if (!StreamInterruptedError.isInstance(error)) return unknownUsage;
  const usage = error.partial.usage;
  return { usage, cost: computeCost(usage, model.capabilities.pricing) };
}
