import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRequest, ChatResult, ChatStreamPart } from '@org/llm-core';
import type { z } from 'zod';
import {
  clientErrorHeaders,
  describeClientError,
  type ClientError,
} from '../http/describe-client-error.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { parseBody } from '../http/parse-body.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { sendJson } from '../http/send-json.ts';
import { SseResponse } from '../http/sse-response.ts';
import { ChatTurn } from './chat-turn.ts';
import { conversationIdOf } from './conversation-id.ts';

/** A request converted from a wire. */
export interface WireRequest {
  /** The model name the client asked for. */
  readonly model: string;
  /** The neutral request. */
  readonly request: ChatRequest;
  /** Whether to answer with an SSE stream. */
  readonly stream: boolean;
}

/** What an answer is sent with before the upstream names its own id and model. */
export interface WireIdentity {
  /** A fresh id in the wire's style. */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The model name the client asked for. */
  readonly model: string;
}

/** Writes one streamed answer on a wire. */
export interface WireStreamWriter<ErrorBody> {
  /** The SSE text for one part ('' when it shows nothing). */
  write(part: ChatStreamPart): string;
  /** The in-band error event of a stream that already started. */
  error(body: ErrorBody): string;
}

/** Everything that differs between the OpenAI and the Anthropic routes. */
export interface ChatWire<Body, Converted extends WireRequest, ErrorBody> {
  /** The body schema. */
  readonly schema: z.ZodType<Body>;
  /** How the wire writes a field path in errors. */
  readonly pathStyle: 'brackets' | 'dots';
  /** The id prefix of answers (`chatcmpl-`, `msg_`). */
  readonly idPrefix: string;
  /** Body to neutral request. */
  convert(body: Body): Converted;
  /** A complete answer. */
  render(result: ChatResult, identity: WireIdentity): unknown;
  /** A streamed answer's writer. */
  writer(converted: Converted, identity: WireIdentity): WireStreamWriter<ErrorBody>;
  /** The error answer: status and body. */
  errorBody(error: ClientError): { readonly status: number; readonly body: ErrorBody };
}

/**
 * Serves one chat request on a wire: authenticate, read and check the body,
 * convert it, run the {@link ChatTurn}, and answer in the wire's shape.
 *
 * A streamed answer's head is sent only once the upstream stream has
 * committed (its first content), so every failure before that, which
 * resilience may already have retried or sent to a fallback, still gets a
 * proper HTTP status; a failure after it ends the stream with the wire's
 * in-band error event. The turn is charged and stored before the final
 * events go out, so a client that sends its next turn the moment it sees
 * the end finds this one stored.
 */
export async function serveChat<Body, Converted extends WireRequest, ErrorBody>(
  context: GatewayContext,
  wire: ChatWire<Body, Converted, ErrorBody>,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  let sse: SseResponse | undefined;
  let writer: WireStreamWriter<ErrorBody> | undefined;
  try {
    const key = context.keyring.authenticate(request.headers);
    const conversationId = conversationIdOf(request.headers, context.conversations !== undefined);
    const body = parseBody(
      wire.schema,
      await readJsonBody(request, context.maxBodyBytes),
      wire.pathStyle,
    );
    const converted = wire.convert(body);
    const turn = await ChatTurn.begin(context, {
      key,
      model: converted.model,
      request: converted.request,
      conversationId,
      signal,
    });
    const identity: WireIdentity = {
      id: `${wire.idPrefix}${randomUUID().replaceAll('-', '')}`,
      created: Math.floor(context.clock.now() / 1000),
      model: converted.model,
    };
    if (!converted.stream) {
      let result: ChatResult;
      try {
        result = await turn.generate();
      } catch (error) {
        await turn.fail();
        throw error;
      }
      const answered: WireIdentity = {
        ...identity,
        id: result.response.id ?? identity.id,
        model: result.response.modelId ?? identity.model,
      };
      sendJson(response, 200, wire.render(result, answered));
      return;
    }
    let stream;
    try {
      stream = await turn.stream();
    } catch (error) {
      await turn.fail();
      throw error;
    }
    sse = new SseResponse(response);
    writer = wire.writer(converted, identity);
    for await (const part of stream) {
      if (part.type === 'finish') await turn.complete(await stream.final());
      const text = writer.write(part);
      if (text !== '') {
        const drained = sse.write(text);
        if (drained !== undefined) await drained;
      }
    }
    sse.end();
  } catch (error) {
    // A client that went away gets no answer; its upstream call was aborted.
    if (signal.aborted && response.destroyed) return;
    const described = describeClientError(error);
    if (described.kind === 'internal') context.report(error);
    const { status, body } = wire.errorBody(described);
    if (sse === undefined || writer === undefined) {
      if (!response.headersSent) sendJson(response, status, body, clientErrorHeaders(described));
      else response.destroy();
    } else {
      sse.end(writer.error(body));
    }
  }
}
