// Renders Anthropic Messages answers on the wire: `message` objects, SSE
// event streams (message_start, content_block_*, ping, message_delta,
// message_stop, error) and error envelopes, shaped after the recordings in
// peers/fixtures/anthropic (api.anthropic.com, anthropic-version 2023-06-01).

import type { FakeScriptContext, WireResponse } from './fake-script.ts';
import { answerModel, eventStreamType } from './wire-common.ts';

/** Stop reasons of the Messages API. */
export type AnthropicStopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

/** Error types of Anthropic's error envelope. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/**
 * Token counts as Anthropic reports them: `inputTokens` excludes the cache
 * reads and writes, which are counted apart.
 */
export interface AnthropicUsage {
  /** `usage.input_tokens` (default 10). */
  readonly inputTokens?: number | undefined;
  /** `usage.output_tokens` (default: one per streamed piece). */
  readonly outputTokens?: number | undefined;
  /** `usage.cache_read_input_tokens` (default 0). */
  readonly cacheReadInputTokens?: number | undefined;
  /** `usage.cache_creation_input_tokens` (default 0, counted as 5-minute cache writes). */
  readonly cacheCreationInputTokens?: number | undefined;
  /**
   * `usage.output_tokens_details.thinking_tokens`, part of `outputTokens`
   * (default: one per thinking piece; sent only when the answer thinks or
   * this is given).
   */
  readonly thinkingTokens?: number | undefined;
}

/** A content block as rendered, with the pieces to stream. */
export type AnthropicRenderedBlock =
  | { readonly type: 'text'; readonly text: string; readonly pieces: readonly string[] }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: unknown;
      readonly pieces: readonly string[];
    }
  | {
      readonly type: 'thinking';
      readonly thinking: string;
      readonly signature: string;
      readonly pieces: readonly string[];
    }
  | { readonly type: 'redacted_thinking'; readonly data: string };

/** Everything one synthesized Anthropic answer holds. */
export interface AnthropicAnswer {
  readonly blocks: readonly AnthropicRenderedBlock[];
  readonly stopReason: AnthropicStopReason;
  readonly stopSequence: string | undefined;
  readonly usage: AnthropicUsage | undefined;
  readonly model: string | undefined;
  readonly id: string | undefined;
}

/** Frames one Anthropic SSE event (`event:` and `data:` lines and a blank line). */
export function anthropicSseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What a stalled Anthropic stream sends with `comments`: a `ping` event, as the API does. */
export const anthropicKeepAlive = 'event: ping\ndata: {"type": "ping"}\n\n';
/** The event a `malformed` fault writes on the Anthropic wire. */
export const anthropicMalformedEvent =
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":\n\n';

/** RFC 3339 timestamp in whole seconds, as Anthropic's reset headers carry. */
export function rfc3339(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Headers every Anthropic answer carries, as api.anthropic.com sends them. */
export function anthropicHeaders(
  context: Pick<FakeScriptContext, 'requestId' | 'now'>,
  contentType: string,
): Record<string, string> {
  const soon = rfc3339(context.now + 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'request-id': context.requestId,
    'anthropic-organization-id': '00000000-0000-4000-8000-fa4e5e77e700',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    'anthropic-ratelimit-requests-reset': soon,
    'anthropic-ratelimit-tokens-limit': '2000000',
    'anthropic-ratelimit-tokens-remaining': '2000000',
    'anthropic-ratelimit-tokens-reset': soon,
    'anthropic-ratelimit-input-tokens-limit': '2000000',
    'anthropic-ratelimit-input-tokens-remaining': '2000000',
    'anthropic-ratelimit-input-tokens-reset': soon,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': '400000',
    'anthropic-ratelimit-output-tokens-reset': soon,
    'x-robots-tag': 'none',
  };
  if (contentType === eventStreamType) headers['cache-control'] = 'no-cache';
  return headers;
}

function usageNumbers(answer: AnthropicAnswer) {
  const pieces = answer.blocks.reduce(
    (sum, block) => sum + ('pieces' in block ? block.pieces.length : 1),
    0,
  );
  return {
    input: answer.usage?.inputTokens ?? 10,
    output: answer.usage?.outputTokens ?? pieces,
    cacheRead: answer.usage?.cacheReadInputTokens ?? 0,
    cacheWrite: answer.usage?.cacheCreationInputTokens ?? 0,
  };
}

function thinkingTokens(answer: AnthropicAnswer): number | undefined {
  const thinking = answer.blocks.filter(
    (block) => block.type === 'thinking' || block.type === 'redacted_thinking',
  );
  if (answer.usage?.thinkingTokens !== undefined) return answer.usage.thinkingTokens;
  if (thinking.length === 0) return undefined;
  return thinking.reduce((sum, block) => sum + ('pieces' in block ? block.pieces.length : 1), 0);
}

function usageObject(
  answer: AnthropicAnswer,
  outputTokens: number,
  final: boolean,
): Record<string, unknown> {
  const usage = usageNumbers(answer);
  const thinking = thinkingTokens(answer);
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    // Recent models report thinking tokens apart (claude-opus-5 recording).
    ...(final && thinking !== undefined
      ? { output_tokens_details: { thinking_tokens: thinking } }
      : {}),
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
}

function blockJson(block: AnthropicRenderedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
  }
}

/** The opening event of a block: its content empty, filled by the deltas that follow. */
function blockStart(block: AnthropicRenderedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
  }
}

function blockDeltas(block: AnthropicRenderedBlock): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return block.pieces.map((text) => ({ type: 'text_delta', text }));
    case 'tool_use':
      return block.pieces.map((partial) => ({ type: 'input_json_delta', partial_json: partial }));
    case 'thinking':
      return [
        ...block.pieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'redacted_thinking':
      return [];
  }
}

interface Identity {
  readonly id: string;
  readonly model: string;
}

function renderJson(answer: AnthropicAnswer, base: Identity): string {
  return JSON.stringify({
    model: base.model,
    id: base.id,
    type: 'message',
    role: 'assistant',
    content: answer.blocks.map(blockJson),
    stop_reason: answer.stopReason,
    stop_sequence: answer.stopSequence ?? null,
    // Newer API responses carry stop_details (null unless a refusal explains itself).
    stop_details: null,
    usage: usageObject(answer, usageNumbers(answer).output, true),
  });
}

function renderEvents(answer: AnthropicAnswer, base: Identity): string[] {
  const events: string[] = [];
  const push = (type: string, data: Record<string, unknown>): void => {
    events.push(anthropicSseEvent(type, { type, ...data }));
  };
  push('message_start', {
    message: {
      model: base.model,
      id: base.id,
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageObject(answer, 1, false),
    },
  });
  // The API sends a ping early in every stream, after the first block opens
  // (written `{"type": "ping"}`, with a space, unlike the other events).
  if (answer.blocks.length === 0) events.push(anthropicKeepAlive);
  answer.blocks.forEach((block, index) => {
    push('content_block_start', { index, content_block: blockStart(block) });
    if (index === 0) events.push(anthropicKeepAlive);
    for (const delta of blockDeltas(block)) push('content_block_delta', { index, delta });
    push('content_block_stop', { index });
  });
  const usage = usageNumbers(answer);
  push('message_delta', {
    delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence ?? null },
    usage: {
      input_tokens: usage.input,
      cache_creation_input_tokens: usage.cacheWrite,
      cache_read_input_tokens: usage.cacheRead,
      output_tokens: usage.output,
    },
  });
  push('message_stop', {});
  return events;
}

/** Renders a synthesized answer as a `message` object or an SSE stream, as the request asks. */
export function renderAnthropicAnswer(
  answer: AnthropicAnswer,
  context: FakeScriptContext,
  headers: Readonly<Record<string, string>> | undefined,
): WireResponse {
  const base: Identity = {
    id: answer.id ?? context.nextId('msg_'),
    model: answerModel(context, answer.model, 'claude-sonnet-4-6'),
  };
  const streamed = context.stream;
  return {
    status: 200,
    headers: {
      ...anthropicHeaders(context, streamed ? eventStreamType : 'application/json'),
      ...headers,
    },
    kind: streamed ? 'events' : 'body',
    units: streamed ? renderEvents(answer, base) : [renderJson(answer, base)],
    keepAlive: anthropicKeepAlive,
    malformedEvent: anthropicMalformedEvent,
  };
}

/** The HTTP status Anthropic sends with each error type. */
export const anthropicErrorStatuses: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The error type Anthropic sends for a status. */
export function anthropicTypeOf(status: number): AnthropicErrorType {
  const types: Record<number, AnthropicErrorType> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The in-band `error` event of a stream (no request id, as the API sends it). */
export function anthropicErrorEvent(type: string, message: string): string {
  return anthropicSseEvent('error', { type: 'error', error: { type, message } });
}

/** An HTTP error answer in Anthropic's envelope `{ type: 'error', error: { type, message }, request_id }`. */
export function renderAnthropicError(
  status: number,
  error: { readonly type: string; readonly message: string },
  context: Pick<FakeScriptContext, 'requestId' | 'now'>,
  headers: Readonly<Record<string, string>> | undefined,
): WireResponse {
  // Anthropic tells its SDKs whether to retry: yes for 408, 409, 429 and 5xx.
  const retry = status === 408 || status === 409 || status === 429 || status >= 500;
  const base = anthropicHeaders(context, 'application/json');
  const kept = Object.fromEntries(
    Object.entries(base).filter(([name]) => !name.startsWith('anthropic-ratelimit-')),
  );
  return {
    status,
    headers: { ...kept, 'x-should-retry': String(retry), ...headers },
    kind: 'body',
    units: [
      JSON.stringify({
        type: 'error',
        error: { type: error.type, message: error.message },
        request_id: context.requestId,
      }),
    ],
    keepAlive: anthropicKeepAlive,
    malformedEvent: anthropicMalformedEvent,
  };
}
