/**
 * OpenAI Chat Completions wire mapping shared by the OpenAI adapters
 * (`@org/llm-openai-http` over `fetch`/undici, `@org/llm-openai` over the
 * official `openai` SDK) and by anyone writing an adapter for an
 * OpenAI-compatible API.
 *
 * It holds everything between a neutral `ChatRequest` and the wire that does
 * not depend on how bytes travel, so two transports give the same results,
 * errors and stream parts:
 *
 * - request: {@link prepareOpenAIRequest} builds the body (every
 *   `ChatRequest` field sent or reported as a warning), using
 *   {@link convertToOpenAIMessages} and {@link prepareOpenAITools};
 * - response: {@link mapOpenAIResponse} maps a JSON answer to a `ChatResult`
 *   (checked by hand, or by zod when the hand check does not accept it, with
 *   the field named when it is wrong);
 *   {@link OpenAIStreamMapper} maps stream chunks to `ChatStreamPart`s,
 *   either raw SSE events (`push`) or chunks a client parsed already
 *   (`pushChunk`), checked by hand because it runs per chunk;
 *   {@link mapOpenAIFinishReason}, {@link mapOpenAIUsage} and
 *   {@link parseOpenAIToolArguments} are the pieces both use;
 * - wire shapes: chunk and answer types of the Chat Completions API
 *   (`OpenAIChatChunk`, `OpenAIChatResponse`...); their lenient zod schemas
 *   (`openAIChatResponseSchema`, `openAIUsageSchema`) are in
 *   `@org/llm-openai-compat/schemas`, loaded only for an answer the
 *   hand-written check does not accept;
 * - {@link openAIModels} and {@link findOpenAIModel}: OpenAI's chat models
 *   with capabilities, prices and lifecycle; {@link openAIModelCapabilities}:
 *   what a model can do, by id; {@link resolveOpenAIModel}: the
 *   capabilities of a model being made, with the checks of its id.
 *
 * Errors are classified with `@org/llm-core/adapter-kit`'s
 * `classifyHttpFailure` / `classifyErrorPayload`; the transport, timeouts,
 * aborts and SDK errors stay in each adapter.
 *
 * @example
 * // The core of an adapter for a compatible server, with its own transport.
 * const { body, warnings } = prepareOpenAIRequest(request, {
 *   provider: 'my-server',
 *   modelId,
 *   capabilities: openAIModelCapabilities(modelId),
 *   maxTokensParameter: 'max_tokens',
 * }, false);
 * const json = await post(url, body);
 * return await mapOpenAIResponse(json, { provider: 'my-server', modelId, headers, warnings, secrets: [] });
 *
 * @module @org/llm-openai-compat
 */

export type {
  OpenAIMessageToolCall,
  OpenAIRequestMessage,
  OpenAIUserContentPart,
} from './convert-to-openai-messages.ts';
export { convertToOpenAIMessages } from './convert-to-openai-messages.ts';
export type { OpenAIFinishContext } from './map-openai-finish-reason.ts';
export { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
export type { OpenAIResponseContext } from './map-openai-response.ts';
export { mapOpenAIResponse } from './map-openai-response.ts';
export { mapOpenAIUsage } from './map-openai-usage.ts';
export type {
  OpenAIChatChunk,
  OpenAIChatResponse,
  OpenAIChunkChoice,
  OpenAIChunkDelta,
  OpenAIFinishReason,
  OpenAIToolCallDelta,
  OpenAIUsage,
} from './openai-chat-api.ts';
export { openAIModelCapabilities } from './openai-model-capabilities.ts';
export { findOpenAIModel, openAIModels } from './openai-model-catalog.ts';
export type { ResolveOpenAIModelOptions } from './resolve-openai-model.ts';
export { resolveOpenAIModel } from './resolve-openai-model.ts';
export type { OpenAIStreamEvent, OpenAIStreamMapperOptions } from './openai-stream-mapper.ts';
export { OpenAIStreamMapper } from './openai-stream-mapper.ts';
export { parseOpenAIToolArguments } from './parse-openai-tool-arguments.ts';
export type {
  MaxTokensParameter,
  OpenAIRequestSettings,
  PreparedOpenAIRequest,
} from './prepare-openai-request.ts';
export { prepareOpenAIRequest } from './prepare-openai-request.ts';
export type {
  OpenAIFunctionTool,
  OpenAIToolChoice,
  PreparedOpenAITools,
} from './prepare-openai-tools.ts';
export { prepareOpenAITools } from './prepare-openai-tools.ts';
export type {
  OpenAIAzureOptions,
  OpenAIEndpoint,
  OpenAIEndpointOptions,
} from './resolve-openai-endpoint.ts';
export { checkOpenAITimeout, resolveOpenAIEndpoint } from './resolve-openai-endpoint.ts';
