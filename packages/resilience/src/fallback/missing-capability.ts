import type { ChatModel, ChatRequest } from '@org/llm-core';
import { estimateInputTokens } from '../limiter/estimate-request-tokens.ts';

/** What a model lacks to serve a request, in words for an error message. */
export interface MissingCapability {
  /** The feature, e.g. `tools`, `images`, `json-schema output`, `context window`. */
  readonly feature: string;
  /** Why, e.g. `the request needs about 180,000 tokens but the context window is 128,000`. */
  readonly reason: string;
}

function usesTools(request: ChatRequest): boolean {
  if ((request.tools?.length ?? 0) > 0 && request.toolChoice !== 'none') return true;
  return request.messages.some(
    (message) =>
      message.role === 'tool' ||
      (message.role === 'assistant' &&
        typeof message.content !== 'string' &&
        message.content.some((part) => part.type === 'tool-call')),
  );
}

function usesImages(request: ChatRequest): boolean {
  return request.messages.some(
    (message) =>
      message.role === 'user' &&
      typeof message.content !== 'string' &&
      message.content.some((part) => part.type === 'image'),
  );
}

/**
 * What `model` cannot do that `request` needs, judged from its declared
 * capabilities: tools (definitions or tool turns in the history), images,
 * JSON or JSON-schema output, the context window (estimated input plus
 * `maxOutputTokens`) and the output length. `undefined` when it can serve it.
 * Settings that adapters can drop with a warning (temperature, reasoning
 * effort) are not capabilities.
 */
export function missingCapability(
  model: Pick<ChatModel, 'capabilities'>,
  request: ChatRequest,
  estimateTokens: (request: ChatRequest) => number = estimateInputTokens,
): MissingCapability | undefined {
  const capabilities = model.capabilities;
  if (!capabilities.tools && usesTools(request)) {
    return { feature: 'tools', reason: 'the request defines tools or holds tool calls' };
  }
  if (!capabilities.vision && usesImages(request)) {
    return { feature: 'images', reason: 'the request holds images' };
  }
  const format = request.responseFormat?.type;
  if (format === 'json-schema' && !capabilities.jsonSchemaOutput) {
    return { feature: 'json-schema output', reason: 'the request asks for JSON-schema output' };
  }
  if (format === 'json' && !capabilities.jsonOutput && !capabilities.jsonSchemaOutput) {
    return { feature: 'json output', reason: 'the request asks for JSON output' };
  }
  const maxOutput = request.maxOutputTokens;
  if (
    maxOutput !== undefined &&
    capabilities.maxOutputTokens !== undefined &&
    maxOutput > capabilities.maxOutputTokens
  ) {
    return {
      feature: 'output length',
      reason: `the request allows ${maxOutput} output tokens but the model stops at ${capabilities.maxOutputTokens}`,
    };
  }
  if (capabilities.contextWindow !== undefined) {
    const needed = estimateTokens(request) + (maxOutput ?? 0);
    if (needed > capabilities.contextWindow) {
      return {
        feature: 'context window',
        reason: `the request needs about ${needed} tokens but the context window is ${capabilities.contextWindow}`,
      };
    }
  }
  return undefined;
}
