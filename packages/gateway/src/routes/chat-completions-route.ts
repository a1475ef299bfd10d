import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveChat, type ChatWire } from '../chat/serve-chat.ts';
import type { GatewayContext } from '../gateway-context.ts';
import {
  convertOpenAIRequest,
  type ConvertedOpenAIRequest,
} from '../openai-wire/convert-openai-request.ts';
import { OpenAIChunkWriter } from '../openai-wire/openai-chunk-writer.ts';
import { openAIErrorBody, type OpenAIErrorAnswer } from '../openai-wire/openai-error-body.ts';
import {
  openAIChatRequestSchema,
  type OpenAIChatRequestBody,
} from '../openai-wire/openai-request-schema.ts';
import { renderOpenAICompletion } from '../openai-wire/render-openai-completion.ts';

/** The OpenAI Chat Completions wire. */
export const openAIChatWire: ChatWire<
  OpenAIChatRequestBody,
  ConvertedOpenAIRequest,
  OpenAIErrorAnswer['body']
> = {
  schema: openAIChatRequestSchema,
  pathStyle: 'brackets',
  idPrefix: 'chatcmpl-',
  convert: convertOpenAIRequest,
  render: renderOpenAICompletion,
  writer: (converted, identity) => new OpenAIChunkWriter(identity, converted.includeUsage),
  errorBody: openAIErrorBody,
};

/**
 * `POST /v1/chat/completions`: the OpenAI Chat Completions API in front of
 * every served model, Claude included: JSON or SSE (`stream`,
 * `stream_options.include_usage`), tools, `response_format` with a JSON
 * Schema; errors in OpenAI's envelope.
 */
export function chatCompletionsRoute(
  context: GatewayContext,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  return serveChat(context, openAIChatWire, request, response, signal);
}
