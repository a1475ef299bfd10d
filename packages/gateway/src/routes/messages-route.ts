import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  anthropicErrorBody,
  type AnthropicErrorAnswer,
} from '../anthropic-wire/anthropic-error-body.ts';
import { AnthropicEventWriter } from '../anthropic-wire/anthropic-event-writer.ts';
import {
  anthropicMessagesRequestSchema,
  type AnthropicMessagesRequestBody,
} from '../anthropic-wire/anthropic-request-schema.ts';
import {
  convertAnthropicRequest,
  type ConvertedAnthropicRequest,
} from '../anthropic-wire/convert-anthropic-request.ts';
import { renderAnthropicMessage } from '../anthropic-wire/render-anthropic-message.ts';
import { serveChat, type ChatWire } from '../chat/serve-chat.ts';
import type { GatewayContext } from '../gateway-context.ts';

/** The Anthropic Messages wire. */
export const anthropicMessagesWire: ChatWire<
  AnthropicMessagesRequestBody,
  ConvertedAnthropicRequest,
  AnthropicErrorAnswer['body']
> = {
  schema: anthropicMessagesRequestSchema,
  pathStyle: 'dots',
  idPrefix: 'msg_',
  convert: convertAnthropicRequest,
  render: renderAnthropicMessage,
  writer: (_converted, identity) => new AnthropicEventWriter(identity),
  errorBody: anthropicErrorBody,
};

/**
 * `POST /v1/messages`: the Anthropic Messages API in front of every served
 * model, OpenAI's included: JSON or SSE, tools, thinking; errors in
 * Anthropic's envelope.
 */
export function messagesRoute(
  context: GatewayContext,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  return serveChat(context, anthropicMessagesWire, request, response, signal);
}
