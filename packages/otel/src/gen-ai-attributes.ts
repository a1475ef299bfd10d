// Span attributes of the OpenTelemetry GenAI semantic conventions (status
// "Development": the names are copied here rather than imported from the
// incubating entry of @opentelemetry/semantic-conventions, as that package
// advises libraries to do). Attributes the conventions do not define yet
// (reasoning tokens, cost) use our own `llm.` namespace.
import type { ChatModel, ChatRequest, ChatResult } from '@org/llm-core';
import type { Attributes } from '@opentelemetry/api';

/** The GenAI attribute names this package writes. */
export const genAiAttributes = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  errorType: 'error.type',
} as const;

/** Attributes of our own, where the conventions have none yet. */
export const llmAttributes = {
  /** `generate` or `stream`. */
  operation: 'llm.operation',
  /** Reasoning tokens (a subset of the output tokens). */
  usageReasoningTokens: 'llm.usage.reasoning_tokens',
  /** Cost of the call in US dollars, from the model catalog's prices. */
  costUsd: 'llm.cost.usd',
} as const;

// Provider ids whose well-known `gen_ai.provider.name` value differs from ours.
const providerNames: Readonly<Record<string, string>> = {
  azure: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  mistral: 'mistral_ai',
  xai: 'x_ai',
};

/** The `gen_ai.provider.name` of a provider id (`openai`, `anthropic`, `azure.ai.openai`...). */
export function genAiProviderName(provider: string): string {
  return providerNames[provider] ?? provider;
}

/** The attributes known when a call starts. */
export function requestAttributes(
  model: ChatModel,
  request: ChatRequest,
  operation: 'generate' | 'stream',
): Attributes {
  const attributes: Attributes = {
    [genAiAttributes.operationName]: 'chat',
    [genAiAttributes.providerName]: genAiProviderName(model.provider),
    [genAiAttributes.requestModel]: model.modelId,
    [llmAttributes.operation]: operation,
  };
  if (request.maxOutputTokens !== undefined) {
    attributes[genAiAttributes.requestMaxTokens] = request.maxOutputTokens;
  }
  if (request.temperature !== undefined) {
    attributes[genAiAttributes.requestTemperature] = request.temperature;
  }
  if (request.topP !== undefined) attributes[genAiAttributes.requestTopP] = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) {
    attributes[genAiAttributes.requestStopSequences] = [...request.stop];
  }
  if (request.seed !== undefined) attributes[genAiAttributes.requestSeed] = request.seed;
  return attributes;
}

/** The attributes of a result: response id and model, finish reason, usage, cost. */
export function resultAttributes(result: ChatResult): Attributes {
  const attributes: Attributes = {
    [genAiAttributes.responseFinishReasons]: [
      result.finishReason.raw ?? result.finishReason.unified,
    ],
  };
  const { response, usage } = result;
  if (response.id !== undefined) attributes[genAiAttributes.responseId] = response.id;
  if (response.modelId !== undefined) attributes[genAiAttributes.responseModel] = response.modelId;
  if (usage.inputTokens !== undefined)
    attributes[genAiAttributes.usageInputTokens] = usage.inputTokens;
  if (usage.outputTokens !== undefined) {
    attributes[genAiAttributes.usageOutputTokens] = usage.outputTokens;
  }
  if (usage.cacheReadTokens !== undefined) {
    attributes[genAiAttributes.usageCacheReadInputTokens] = usage.cacheReadTokens;
  }
  if (usage.cacheWriteTokens !== undefined) {
    attributes[genAiAttributes.usageCacheCreationInputTokens] = usage.cacheWriteTokens;
  }
  if (usage.reasoningTokens !== undefined) {
    attributes[llmAttributes.usageReasoningTokens] = usage.reasoningTokens;
  }
  if (result.cost !== undefined) attributes[llmAttributes.costUsd] = result.cost.total;
  return attributes;
}
