// Renders OpenAI Chat Completions answers on the wire: `chat.completion`
// objects, `chat.completion.chunk` SSE streams and error envelopes, shaped
// after the recordings in peers/fixtures/openai and the official spec
// (CreateChatCompletionResponse, CreateChatCompletionStreamResponse).

import type { FakeScriptContext, WireResponse } from './fake-script.ts';
import { answerModel, eventStreamType } from './wire-common.ts';

/** Finish reasons of Chat Completions. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * Token counts as OpenAI reports them: `promptTokens` includes
 * `cachedTokens`, `completionTokens` includes `reasoningTokens`.
 */
export interface OpenAIUsage {
  /** `usage.prompt_tokens` (default 10). */
  readonly promptTokens?: number | undefined;
  /** `usage.completion_tokens` (default: one per streamed piece). */
  readonly completionTokens?: number | undefined;
  /** `usage.prompt_tokens_details.cached_tokens` (default 0). */
  readonly cachedTokens?: number | undefined;
  /** `usage.completion_tokens_details.reasoning_tokens` (default 0). */
  readonly reasoningTokens?: number | undefined;
}

/** A tool call as rendered: arguments as JSON text, with the pieces to stream. */
export interface OpenAIRenderedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  readonly pieces: readonly string[];
}

/** Everything one synthesized OpenAI answer holds. */
export interface OpenAIAnswer {
  readonly content: { readonly text: string; readonly pieces: readonly string[] } | undefined;
  readonly refusal: { readonly text: string; readonly pieces: readonly string[] } | undefined;
  readonly toolCalls: readonly OpenAIRenderedToolCall[];
  readonly finishReason: OpenAIFinishReason;
  readonly usage: OpenAIUsage | undefined;
  readonly model: string | undefined;
  readonly id: string | undefined;
}

/** The backend fingerprint the fake server reports (`system_fingerprint`). */
export const fakeSystemFingerprint = 'fp_fakeserver';

const jsonType = 'application/json';

/** Frames one OpenAI SSE event (`data: …` and a blank line). */
export function openAISseEvent(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** What a stalled OpenAI stream sends with `comments`: an SSE comment. */
export const openAIKeepAlive = ': ping\n\n';
/** The event a `malformed` fault writes on the OpenAI wire. */
export const openAIMalformedEvent = 'data: {"id":"chatcmpl-malformed","object":\n\n';

/** Headers every OpenAI answer carries, as api.openai.com sends them. */
export function openAIHeaders(
  context: Pick<FakeScriptContext, 'requestId'>,
  contentType: string,
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-request-id': context.requestId,
    'openai-organization': 'org-fakeserver',
    'openai-processing-ms': '1',
    'openai-version': '2020-10-01',
    'access-control-expose-headers': 'X-Request-ID',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-remaining-tokens': '29999990',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '0s',
  };
}

function usageObject(answer: OpenAIAnswer): Record<string, unknown> {
  const pieces =
    (answer.content?.pieces.length ?? 0) +
    (answer.refusal?.pieces.length ?? 0) +
    answer.toolCalls.reduce((sum, call) => sum + call.pieces.length, 0);
  const prompt = answer.usage?.promptTokens ?? 10;
  const completion = answer.usage?.completionTokens ?? pieces;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: answer.usage?.cachedTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: answer.usage?.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function renderJson(answer: OpenAIAnswer, base: Identity): string {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.content?.text ?? null,
  };
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  message.refusal = answer.refusal?.text ?? null;
  message.annotations = [];
  return JSON.stringify({
    id: base.id,
    object: 'chat.completion',
    created: base.created,
    model: base.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: usageObject(answer),
    service_tier: 'default',
    system_fingerprint: fakeSystemFingerprint,
  });
}

interface Identity {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

function includeObfuscation(context: FakeScriptContext): boolean {
  const body = context.request.body as
    { stream_options?: { include_obfuscation?: unknown } } | undefined;
  return body?.stream_options?.include_obfuscation !== false;
}

function renderEvents(answer: OpenAIAnswer, context: FakeScriptContext, base: Identity): string[] {
  const obfuscate = includeObfuscation(context);
  const chunk = (
    choices: readonly Record<string, unknown>[],
    usage?: Record<string, unknown>,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      id: base.id,
      object: 'chat.completion.chunk',
      created: base.created,
      model: base.model,
      service_tier: 'default',
      system_fingerprint: fakeSystemFingerprint,
      choices,
    };
    // With include_usage every chunk carries `usage: null` except the last one.
    if (context.includeUsage) out.usage = usage ?? null;
    // OpenAI pads chunks with a random `obfuscation` string unless
    // stream_options.include_obfuscation is false; ours is fixed for snapshots.
    if (obfuscate) out.obfuscation = 'fake';
    return out;
  };
  const delta = (value: Record<string, unknown>, finishReason: string | null = null) =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);

  const events: Record<string, unknown>[] = [];
  events.push(
    delta({
      role: 'assistant',
      content: answer.content === undefined ? null : '',
      refusal: answer.refusal === undefined ? null : '',
    }),
  );
  for (const piece of answer.content?.pieces ?? []) events.push(delta({ content: piece }));
  for (const piece of answer.refusal?.pieces ?? []) events.push(delta({ refusal: piece }));
  answer.toolCalls.forEach((call, index) => {
    events.push(
      delta({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      }),
    );
    for (const piece of call.pieces) {
      events.push(delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(delta({}, answer.finishReason));
  if (context.includeUsage) events.push(chunk([], usageObject(answer)));
  return [...events.map(openAISseEvent), openAISseEvent('[DONE]')];
}

/** Renders a synthesized answer as JSON or as an SSE stream, as the request asks. */
export function renderOpenAIAnswer(
  answer: OpenAIAnswer,
  context: FakeScriptContext,
  headers: Readonly<Record<string, string>> | undefined,
): WireResponse {
  const base: Identity = {
    id: answer.id ?? context.nextId('chatcmpl-'),
    created: Math.floor(context.now / 1000),
    model: answerModel(context, answer.model, 'gpt-4o-mini'),
  };
  const streamed = context.stream;
  return {
    status: 200,
    headers: { ...openAIHeaders(context, streamed ? eventStreamType : jsonType), ...headers },
    kind: streamed ? 'events' : 'body',
    units: streamed ? renderEvents(answer, context, base) : [renderJson(answer, base)],
    keepAlive: openAIKeepAlive,
    malformedEvent: openAIMalformedEvent,
  };
}

/** An OpenAI error object: `{ message, type, param, code }`. */
export interface OpenAIErrorFields {
  /** Human-readable message. */
  readonly message: string;
  /** Error type, e.g. `invalid_request_error`, `server_error`, `insufficient_quota`. */
  readonly type?: string | undefined;
  /** Machine-readable code, e.g. `model_not_found`, `context_length_exceeded`, or `null`. */
  readonly code?: string | null | undefined;
  /** The request parameter at fault, or `null`. */
  readonly param?: string | null | undefined;
}

/** The error type OpenAI sends for a status when none is given. */
export function defaultOpenAIErrorType(status: number): string {
  if (status >= 500) return 'server_error';
  if (status === 429) return 'requests';
  return 'invalid_request_error';
}

/** The `{ error: { message, type, param, code } }` envelope. */
export function openAIErrorBody(status: number, error: OpenAIErrorFields): Record<string, unknown> {
  return {
    error: {
      message: error.message,
      type: error.type ?? defaultOpenAIErrorType(status),
      param: error.param ?? null,
      code: error.code ?? null,
    },
  };
}

/** An HTTP error answer in OpenAI's envelope. */
export function renderOpenAIError(
  status: number,
  error: OpenAIErrorFields,
  context: Pick<FakeScriptContext, 'requestId'>,
  headers: Readonly<Record<string, string>> | undefined,
): WireResponse {
  return {
    status,
    // api.openai.com labels error bodies with a charset, unlike successful ones.
    headers: { ...openAIHeaders(context, 'application/json; charset=utf-8'), ...headers },
    kind: 'body',
    // api.openai.com pretty-prints error bodies with four spaces.
    units: [`${JSON.stringify(openAIErrorBody(status, error), null, 4)}\n`],
    keepAlive: openAIKeepAlive,
    malformedEvent: openAIMalformedEvent,
  };
}
