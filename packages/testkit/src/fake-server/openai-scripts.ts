import { checkErrorStatus, checkTokens, defineScript, preview } from './define-script.ts';
import { FakeServerError } from './fake-server-error.ts';
import { fixtureScript, fixtureScripts, type FixtureScriptOptions } from './fixture-script.ts';
import type {
  FakeScript,
  FakeScriptContext,
  FakeScriptOptions,
  WireResponse,
} from './fake-script.ts';
import {
  openAIErrorBody,
  openAIHeaders,
  openAIKeepAlive,
  openAIMalformedEvent,
  openAISseEvent,
  renderOpenAIAnswer,
  renderOpenAIError,
  type OpenAIAnswer,
  type OpenAIErrorFields,
  type OpenAIFinishReason,
  type OpenAIRenderedToolCall,
  type OpenAIUsage,
} from './openai-wire.ts';
import { argumentPieceSize, resolveChunks, splitCodePoints } from './split-text.ts';
import { eventStreamType, requestedModel } from './wire-common.ts';

/** Options of every synthesized OpenAI answer. */
export interface OpenAIAnswerOptions extends FakeScriptOptions {
  /** `model` of the answer (default: the request's `model`). */
  readonly model?: string | undefined;
  /** `id` of the completion (default: `chatcmpl-fake…`, unique per server). */
  readonly id?: string | undefined;
  /** `finish_reason` (default `stop`, or `tool_calls` when the answer calls tools). */
  readonly finishReason?: OpenAIFinishReason | undefined;
  /** Token counts to report. */
  readonly usage?: OpenAIUsage | undefined;
}

/** Options of {@link openai.text}, {@link openai.refusal} and {@link openai.jsonObject}. */
export interface OpenAITextOptions extends OpenAIAnswerOptions {
  /** Content deltas when streamed; they must concatenate to the text (default: word by word). */
  readonly chunks?: readonly string[] | undefined;
}

/** One tool call of {@link openai.toolCalls}. */
export interface OpenAIToolCall {
  /** Call id (default `call_fake…`). */
  readonly id?: string | undefined;
  /** The function name. */
  readonly name: string;
  /** The arguments: a JSON-serialisable value, or the exact JSON text to send. */
  readonly arguments: unknown;
}

/** Options of {@link openai.toolCalls}. */
export interface OpenAIToolCallsOptions extends OpenAITextOptions {
  /** Assistant text sent before the calls (default: none, `content: null`). */
  readonly text?: string | undefined;
}

/** Options of {@link openai.error}. */
export interface OpenAIErrorOptions extends OpenAIErrorFields, FakeScriptOptions {}

/** Options of {@link openai.rateLimited}: a 429 throttling answer and its headers. */
export interface OpenAIRateLimitedOptions extends FakeScriptOptions {
  /** `retry-after` in seconds (default 1 when no other timing is given; rounded up from `retryAfterMs`). */
  readonly retryAfterSeconds?: number | undefined;
  /** `retry-after-ms` (sent only when given). */
  readonly retryAfterMs?: number | undefined;
  /** `x-ratelimit-reset-requests`, a duration such as `1s` or `6m0s` (default: the retry delay). */
  readonly resetRequests?: string | undefined;
  /** `x-ratelimit-reset-tokens` (default `0s`). */
  readonly resetTokens?: string | undefined;
  /** `x-ratelimit-remaining-requests` (default 0: the request limit is the one hit). */
  readonly remainingRequests?: number | undefined;
  /** `x-ratelimit-remaining-tokens` (default: the whole token limit). */
  readonly remainingTokens?: number | undefined;
  /** `x-ratelimit-limit-requests` (default 500). */
  readonly limitRequests?: number | undefined;
  /** `x-ratelimit-limit-tokens` (default 200000). */
  readonly limitTokens?: number | undefined;
  /** The error message (default: OpenAI's "Rate limit reached…" text). */
  readonly message?: string | undefined;
}

/** Options of {@link openai.quotaExhausted}. */
export interface OpenAIQuotaExhaustedOptions extends FakeScriptOptions {
  /** The error message (default: OpenAI's "You exceeded your current quota…" text). */
  readonly message?: string | undefined;
}

/** Options of {@link openai.streamError}. */
export interface OpenAIStreamErrorOptions extends FakeScriptOptions {
  /** Events sent before the error event (default 0: the error is the first event). */
  readonly afterChunks?: number | undefined;
  /** The text the stream was producing before it failed (default `Partial answer`). */
  readonly text?: string | undefined;
}

/** Options of {@link openai.raw}: exact bytes. */
export interface OpenAIRawOptions extends FakeScriptOptions {
  /** HTTP status (default 200), any three-digit status from 100 to 999. */
  readonly status?: number | undefined;
  /** The whole body, written at once. */
  readonly body?: string | Uint8Array | undefined;
  /** The body as pieces written one by one (faults count them; the last one counts as the terminator). */
  readonly chunks?: readonly (string | Uint8Array)[] | undefined;
}

const endpoints = ['openai-chat'] as const;

function answerScript(
  label: string,
  options: OpenAIAnswerOptions | undefined,
  build: (
    context: FakeScriptContext,
  ) => Omit<OpenAIAnswer, 'finishReason' | 'usage' | 'model' | 'id'>,
): FakeScript {
  checkTokens(options?.usage?.promptTokens, `${label}: usage.promptTokens`);
  checkTokens(options?.usage?.completionTokens, `${label}: usage.completionTokens`);
  checkTokens(options?.usage?.cachedTokens, `${label}: usage.cachedTokens`);
  checkTokens(options?.usage?.reasoningTokens, `${label}: usage.reasoningTokens`);
  return defineScript('openai', label, endpoints, options, (context) => {
    const parts = build(context);
    return renderOpenAIAnswer(
      {
        ...parts,
        finishReason: options?.finishReason ?? (parts.toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        usage: options?.usage,
        model: options?.model,
        id: options?.id,
      },
      context,
      options?.headers,
    );
  });
}

function textPart(text: string, chunks: readonly string[] | undefined, label: string) {
  return { text, pieces: resolveChunks(text, chunks, label) };
}

function renderToolCalls(
  calls: readonly OpenAIToolCall[],
  context: FakeScriptContext,
): OpenAIRenderedToolCall[] {
  return calls.map((call) => {
    const json =
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return {
      id: call.id ?? context.nextId('call_'),
      name: call.name,
      arguments: json,
      pieces: splitCodePoints(json, argumentPieceSize),
    };
  });
}

/** Go-style duration as OpenAI writes it in `x-ratelimit-reset-*` ("20ms", "1s", "6m0s"). */
function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  return `${Math.floor(ms / 60_000)}m${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
}

/**
 * Scripts that answer `POST /v1/chat/completions` like api.openai.com. Each
 * answers JSON or an SSE stream as the request's `stream` asks, with the
 * usage chunk when `stream_options.include_usage` is set.
 */
export const openai = {
  /** A text answer (`finish_reason: stop` unless `finishReason` says otherwise). */
  text(text: string, options?: OpenAITextOptions): FakeScript {
    const label = `openai.text(${preview(text)})`;
    const content = textPart(text, options?.chunks, label);
    return answerScript(label, options, () => ({ content, refusal: undefined, toolCalls: [] }));
  },

  /**
   * Tool calls (several = parallel tool calls), optionally after some text.
   * Streamed, each call starts with a delta holding `index`, `id`, `type` and
   * the name, then its arguments arrive in several pieces.
   */
  toolCalls(calls: readonly OpenAIToolCall[], options?: OpenAIToolCallsOptions): FakeScript {
    const label = `openai.toolCalls(${preview(calls.map((call) => call.name).join(', '))})`;
    if (calls.length === 0) throw new FakeServerError(`${label}: give at least one tool call.`);
    for (const call of calls) {
      if (call.arguments === undefined) {
        throw new FakeServerError(
          `${label}: tool call ${JSON.stringify(call.name)} needs arguments (use {} for none).`,
        );
      }
    }
    const content =
      options?.text === undefined ? undefined : textPart(options.text, options.chunks, label);
    return answerScript(label, options, (context) => ({
      content,
      refusal: undefined,
      toolCalls: renderToolCalls(calls, context),
    }));
  },

  /** A refusal: `message.refusal` set and `content: null`; streamed as `delta.refusal` pieces. */
  refusal(text: string, options?: OpenAITextOptions): FakeScript {
    const label = `openai.refusal(${preview(text)})`;
    const refusal = textPart(text, options?.chunks, label);
    return answerScript(label, options, () => ({ content: undefined, refusal, toolCalls: [] }));
  },

  /** A `response_format` answer: the content is the JSON text of `value`, streamed in small pieces. */
  jsonObject(value: unknown, options?: OpenAITextOptions): FakeScript {
    const label = `openai.jsonObject(${preview(value)})`;
    const json = JSON.stringify(value);
    const content = {
      text: json,
      pieces:
        options?.chunks === undefined
          ? splitCodePoints(json, argumentPieceSize)
          : resolveChunks(json, options.chunks, label),
    };
    return answerScript(label, options, () => ({ content, refusal: undefined, toolCalls: [] }));
  },

  /**
   * An HTTP error in OpenAI's envelope `{ error: { message, type, param, code } }`.
   * `type` defaults from the status (`invalid_request_error`, `requests` for
   * 429, `server_error` for 5xx). Examples: `openai.error(404, { message:
   * 'The model `x` does not exist', code: 'model_not_found' })`,
   * `openai.error(400, { message: '…', code: 'context_length_exceeded', param: 'messages' })`.
   */
  error(status: number, options: OpenAIErrorOptions): FakeScript {
    const label = `openai.error(${String(status)})`;
    checkErrorStatus(status, label);
    return defineScript('openai', label, endpoints, options, (context) =>
      renderOpenAIError(status, options, context, options.headers),
    );
  },

  /** 429 throttling (`type: requests`, `code: rate_limit_exceeded`) with `retry-after`, `retry-after-ms` and `x-ratelimit-*` headers. */
  rateLimited(options: OpenAIRateLimitedOptions = {}): FakeScript {
    const label = 'openai.rateLimited()';
    const timed =
      options.retryAfterSeconds !== undefined ||
      options.retryAfterMs !== undefined ||
      options.resetRequests !== undefined ||
      options.resetTokens !== undefined;
    const retryAfterSeconds =
      options.retryAfterSeconds ??
      (options.retryAfterMs === undefined
        ? timed
          ? undefined
          : 1
        : Math.ceil(options.retryAfterMs / 1000));
    const waitMs = options.retryAfterMs ?? (retryAfterSeconds ?? 1) * 1000;
    const limitRequests = options.limitRequests ?? 500;
    const limitTokens = options.limitTokens ?? 200_000;
    return defineScript('openai', label, endpoints, options, (context) => {
      const headers: Record<string, string> = {
        'x-ratelimit-limit-requests': String(limitRequests),
        'x-ratelimit-limit-tokens': String(limitTokens),
        'x-ratelimit-remaining-requests': String(options.remainingRequests ?? 0),
        'x-ratelimit-remaining-tokens': String(options.remainingTokens ?? limitTokens),
        'x-ratelimit-reset-requests': options.resetRequests ?? goDuration(waitMs),
        'x-ratelimit-reset-tokens': options.resetTokens ?? '0s',
      };
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      if (options.retryAfterMs !== undefined)
        headers['retry-after-ms'] = String(options.retryAfterMs);
      const message =
        options.message ??
        `Rate limit reached for ${requestedModel(context) ?? 'gpt-4o-mini'} in organization org-fakeserver on requests per min (RPM): Limit ${String(limitRequests)}, Used ${String(limitRequests)}, Requested 1. Please try again in ${goDuration(waitMs)}. Visit https://platform.openai.com/account/rate-limits to learn more.`;
      return renderOpenAIError(
        429,
        { message, type: 'requests', code: 'rate_limit_exceeded' },
        context,
        { ...headers, ...options.headers },
      );
    });
  },

  /** 429 `insufficient_quota`: billing, not throttling; no retry headers. */
  quotaExhausted(options: OpenAIQuotaExhaustedOptions = {}): FakeScript {
    return defineScript('openai', 'openai.quotaExhausted()', endpoints, options, (context) =>
      renderOpenAIError(
        429,
        {
          message:
            options.message ??
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
        context,
        options.headers,
      ),
    );
  },

  /**
   * A 200 SSE stream that fails in band: `afterChunks` events of a text
   * answer, then `data: {"error": {…}}`, then the end (no `[DONE]`). Sent as
   * a stream even when the request did not ask for one.
   */
  streamError(error: OpenAIErrorFields, options: OpenAIStreamErrorOptions = {}): FakeScript {
    const label = `openai.streamError(${preview(error.message)})`;
    const afterChunks = options.afterChunks ?? 0;
    if (!Number.isSafeInteger(afterChunks) || afterChunks < 0) {
      throw new FakeServerError(
        `${label}: afterChunks must be a whole number >= 0, got ${String(afterChunks)}.`,
      );
    }
    const text = options.text ?? 'Partial answer';
    const answer = openai.text(text);
    return defineScript('openai', label, endpoints, options, (context) => {
      const full = answer.render({ ...context, stream: true });
      const before = full.units.slice(0, Math.min(afterChunks, full.units.length - 1));
      return {
        ...full,
        headers: { ...full.headers, ...options.headers },
        units: [
          ...before,
          openAISseEvent(openAIErrorBody(500, { type: 'server_error', ...error })),
        ],
      };
    });
  },

  /**
   * Replays a recording under `$LLM_PEERS_DIR/fixtures/openai/` (or an absolute path)
   * as it was recorded: status, headers and body bytes, whatever the request
   * asks. Every format of the fixtures MANIFEST works (see
   * {@link loadRecordedExchanges}); `exchange` picks one exchange of a
   * recording that holds several.
   */
  fixture(path: string, options?: FixtureScriptOptions): FakeScript {
    return fixtureScript('openai', path, options);
  },

  /** One script per exchange of a recording, in order: `server.enqueue(...openai.fixtureExchanges(path))`. */
  fixtureExchanges(path: string, options?: FakeScriptOptions): FakeScript[] {
    return fixtureScripts('openai', path, options);
  },

  /** Exact bytes: any status, headers and body, written at once (`body`) or piece by piece (`chunks`). */
  raw(options: OpenAIRawOptions): FakeScript {
    const status = options.status ?? 200;
    const label = `openai.raw(${String(status)})`;
    // Up to 999: Node sends any three-digit status, and clients must survive odd ones (600, 999).
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new FakeServerError(`${label}: status must be a three-digit status from 100 to 999.`);
    }
    if ((options.body === undefined) === (options.chunks === undefined)) {
      throw new FakeServerError(`${label}: give exactly one of body or chunks.`);
    }
    return defineScript('openai', label, endpoints, options, (context): WireResponse => ({
      status,
      headers: {
        ...openAIHeaders(
          context,
          options.chunks === undefined ? 'application/json' : eventStreamType,
        ),
        ...options.headers,
      },
      kind: options.chunks === undefined ? 'body' : 'events',
      units: options.chunks ?? [options.body!],
      keepAlive: openAIKeepAlive,
      malformedEvent: openAIMalformedEvent,
    }));
  },
} as const;
