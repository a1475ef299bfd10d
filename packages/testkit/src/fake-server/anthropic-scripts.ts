import {
  anthropicErrorEvent,
  anthropicHeaders,
  anthropicKeepAlive,
  anthropicMalformedEvent,
  anthropicErrorStatuses,
  anthropicTypeOf,
  renderAnthropicAnswer,
  renderAnthropicError,
  rfc3339,
  type AnthropicErrorType,
  type AnthropicRenderedBlock,
  type AnthropicStopReason,
  type AnthropicUsage,
} from './anthropic-wire.ts';
import { checkErrorStatus, checkTokens, defineScript, preview } from './define-script.ts';
import { FakeServerError } from './fake-server-error.ts';
import { fixtureScript, fixtureScripts, type FixtureScriptOptions } from './fixture-script.ts';
import type {
  FakeEndpoint,
  FakeScript,
  FakeScriptContext,
  FakeScriptOptions,
  WireResponse,
} from './fake-script.ts';
import { argumentPieceSize, resolveChunks, splitCodePoints, splitWords } from './split-text.ts';
import { eventStreamType, requestedModel } from './wire-common.ts';

/** Options of every synthesized Anthropic answer. */
export interface AnthropicAnswerOptions extends FakeScriptOptions {
  /** `model` of the message (default: the request's `model`). */
  readonly model?: string | undefined;
  /** `id` of the message (default `msg_fake…`, unique per server). */
  readonly id?: string | undefined;
  /** `stop_reason` (default `end_turn`, or `tool_use` when the answer uses tools). */
  readonly stopReason?: AnthropicStopReason | undefined;
  /** `stop_sequence`: the sequence that stopped generation (sets `stopReason` to `stop_sequence` by default). */
  readonly stopSequence?: string | undefined;
  /** Token counts to report. */
  readonly usage?: AnthropicUsage | undefined;
}

/** Options of {@link anthropic.text}. */
export interface AnthropicTextOptions extends AnthropicAnswerOptions {
  /** Text deltas when streamed; they must concatenate to the text (default: word by word). */
  readonly chunks?: readonly string[] | undefined;
}

/** One tool use of {@link anthropic.toolUse}. */
export interface AnthropicToolUse {
  /** Block id (default `toolu_fake…`). */
  readonly id?: string | undefined;
  /** The tool name. */
  readonly name: string;
  /** The input object; streamed as `input_json_delta` pieces. */
  readonly input: Readonly<Record<string, unknown>>;
}

/** Options of {@link anthropic.toolUse}. */
export interface AnthropicToolUseOptions extends AnthropicTextOptions {
  /** Text block sent before the tool uses. */
  readonly text?: string | undefined;
}

/** The thinking block of {@link anthropic.thinking}: visible thinking with its signature, or redacted data. */
export type AnthropicThinking =
  { readonly thinking: string; readonly signature: string } | { readonly redacted: string };

/** What follows the thinking block in {@link anthropic.thinking}. */
export interface AnthropicAfterThinking {
  /** Text block after the thinking. */
  readonly text?: string | undefined;
  /** Tool uses after the thinking (and the text). */
  readonly toolUse?: readonly AnthropicToolUse[] | undefined;
}

/** Options of {@link anthropic.error}. */
export interface AnthropicErrorOptions extends FakeScriptOptions {
  /** Error type (default: the one Anthropic uses for the status). */
  readonly type?: AnthropicErrorType | undefined;
  /** Human-readable message. */
  readonly message: string;
}

/** Options of {@link anthropic.rateLimited}: a 429 `rate_limit_error` and its headers. */
export interface AnthropicRateLimitedOptions extends FakeScriptOptions {
  /** `retry-after` in seconds (default 1 unless a reset time is given). */
  readonly retryAfterSeconds?: number | undefined;
  /** `anthropic-ratelimit-requests-reset`, RFC 3339 (default: now + the retry delay). */
  readonly requestsReset?: string | undefined;
  /** `anthropic-ratelimit-tokens-reset`, RFC 3339 (default: now). */
  readonly tokensReset?: string | undefined;
  /** `anthropic-ratelimit-requests-limit` (default 50). */
  readonly requestsLimit?: number | undefined;
  /** `anthropic-ratelimit-requests-remaining` (default 0: the request limit is the one hit). */
  readonly requestsRemaining?: number | undefined;
  /** `anthropic-ratelimit-tokens-limit` (default 40000). */
  readonly tokensLimit?: number | undefined;
  /** `anthropic-ratelimit-tokens-remaining` (default: the whole token limit). */
  readonly tokensRemaining?: number | undefined;
  /** The error message (default: Anthropic's "This request would exceed…" text). */
  readonly message?: string | undefined;
}

/** Options of {@link anthropic.overloaded}. */
export interface AnthropicOverloadedOptions extends FakeScriptOptions {
  /**
   * Send the error as the first event of a 200 stream instead of HTTP 529
   * (streaming requests only; a non-streaming request still gets the 529).
   */
  readonly inBand?: boolean | undefined;
  /** The error message (default `Overloaded`). */
  readonly message?: string | undefined;
}

/** Options of {@link anthropic.streamError}. */
export interface AnthropicStreamErrorOptions extends FakeScriptOptions {
  /** Events sent before the `error` event (default 0). */
  readonly afterEvents?: number | undefined;
  /** The text the stream was producing before it failed (default `Partial answer`). */
  readonly text?: string | undefined;
}

/** Options of {@link anthropic.raw}: exact bytes. */
export interface AnthropicRawOptions extends FakeScriptOptions {
  /** HTTP status (default 200), any three-digit status from 100 to 999. */
  readonly status?: number | undefined;
  /** The whole body, written at once. */
  readonly body?: string | Uint8Array | undefined;
  /** The body as pieces written one by one (faults count them; the last one counts as the terminator). */
  readonly chunks?: readonly (string | Uint8Array)[] | undefined;
}

const messages: readonly FakeEndpoint[] = ['anthropic-messages'];
const both: readonly FakeEndpoint[] = ['anthropic-messages', 'anthropic-count-tokens'];

function checkUsage(usage: AnthropicUsage | undefined, label: string): void {
  checkTokens(usage?.inputTokens, `${label}: usage.inputTokens`);
  checkTokens(usage?.outputTokens, `${label}: usage.outputTokens`);
  checkTokens(usage?.cacheReadInputTokens, `${label}: usage.cacheReadInputTokens`);
  checkTokens(usage?.cacheCreationInputTokens, `${label}: usage.cacheCreationInputTokens`);
  checkTokens(usage?.thinkingTokens, `${label}: usage.thinkingTokens`);
}

function answerScript(
  label: string,
  options: AnthropicAnswerOptions | undefined,
  build: (context: FakeScriptContext) => readonly AnthropicRenderedBlock[],
): FakeScript {
  checkUsage(options?.usage, label);
  return defineScript('anthropic', label, messages, options, (context) => {
    const blocks = build(context);
    const usesTools = blocks.some((block) => block.type === 'tool_use');
    return renderAnthropicAnswer(
      {
        blocks,
        stopReason:
          options?.stopReason ??
          (options?.stopSequence !== undefined
            ? 'stop_sequence'
            : usesTools
              ? 'tool_use'
              : 'end_turn'),
        stopSequence: options?.stopSequence,
        usage: options?.usage,
        model: options?.model,
        id: options?.id,
      },
      context,
      options?.headers,
    );
  });
}

function textBlock(
  text: string,
  chunks: readonly string[] | undefined,
  label: string,
): AnthropicRenderedBlock {
  return { type: 'text', text, pieces: resolveChunks(text, chunks, label) };
}

function checkToolUses(uses: readonly AnthropicToolUse[], label: string): void {
  for (const use of uses) {
    // Checked at run time for JavaScript callers and casts; the type already says "object".
    const input: unknown = use.input;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new FakeServerError(
        `${label}: the input of tool ${JSON.stringify(use.name)} must be an object (use {} for none).`,
      );
    }
  }
}

function toolBlocks(
  uses: readonly AnthropicToolUse[],
  context: FakeScriptContext,
): AnthropicRenderedBlock[] {
  return uses.map((use) => {
    const json = JSON.stringify(use.input);
    // The API opens every input with an empty partial_json, and sends nothing more for {}.
    const pieces = json === '{}' ? [''] : ['', ...splitCodePoints(json, argumentPieceSize)];
    return {
      type: 'tool_use',
      id: use.id ?? context.nextId('toolu_'),
      name: use.name,
      input: use.input,
      pieces,
    };
  });
}

/** A text answer with an in-band `error` event after `afterEvents` events (always streamed). */
function inBandError(
  label: string,
  error: { readonly type: string; readonly message: string },
  afterEvents: number,
  text: string,
  options: FakeScriptOptions | undefined,
): FakeScript {
  if (!Number.isSafeInteger(afterEvents) || afterEvents < 0) {
    throw new FakeServerError(
      `${label}: afterEvents must be a whole number >= 0, got ${String(afterEvents)}.`,
    );
  }
  const answer = anthropic.text(text);
  return defineScript('anthropic', label, messages, options, (context) => {
    const full = answer.render({ ...context, stream: true });
    const before = full.units.slice(0, Math.min(afterEvents, full.units.length - 1));
    return {
      ...full,
      headers: { ...full.headers, ...options?.headers },
      units: [...before, anthropicErrorEvent(error.type, error.message)],
    };
  });
}

/**
 * Scripts that answer `POST /v1/messages` (and `/v1/messages/count_tokens`)
 * like api.anthropic.com. Each answers a `message` object or an SSE event
 * stream as the request's `stream` asks.
 */
export const anthropic = {
  /** A text answer (`stop_reason: end_turn` unless told otherwise). Empty text gives no content block. */
  text(text: string, options?: AnthropicTextOptions): FakeScript {
    const label = `anthropic.text(${preview(text)})`;
    const blocks =
      text === '' && options?.chunks === undefined ? [] : [textBlock(text, options?.chunks, label)];
    return answerScript(label, options, () => blocks);
  },

  /**
   * Tool uses (several = parallel tool use), optionally after a text block;
   * `stop_reason: tool_use`. Streamed, each input arrives as
   * `input_json_delta` pieces, starting with an empty one as the API does.
   */
  toolUse(uses: readonly AnthropicToolUse[], options?: AnthropicToolUseOptions): FakeScript {
    const label = `anthropic.toolUse(${preview(uses.map((use) => use.name).join(', '))})`;
    if (uses.length === 0) throw new FakeServerError(`${label}: give at least one tool use.`);
    checkToolUses(uses, label);
    const text =
      options?.text === undefined ? [] : [textBlock(options.text, options.chunks, label)];
    return answerScript(label, options, (context) => [...text, ...toolBlocks(uses, context)]);
  },

  /**
   * Extended thinking: a `thinking` block (streamed as `thinking_delta`
   * pieces then one `signature_delta`) or a `redacted_thinking` block, then
   * the text and tool uses of `then`.
   */
  thinking(
    block: AnthropicThinking,
    then: AnthropicAfterThinking = {},
    options?: AnthropicAnswerOptions,
  ): FakeScript {
    const label = `anthropic.thinking(${preview('redacted' in block ? '[redacted]' : block.thinking)})`;
    checkToolUses(then.toolUse ?? [], label);
    const first: AnthropicRenderedBlock =
      'redacted' in block
        ? { type: 'redacted_thinking', data: block.redacted }
        : {
            type: 'thinking',
            thinking: block.thinking,
            signature: block.signature,
            pieces: splitWords(block.thinking),
          };
    const text = then.text === undefined ? [] : [textBlock(then.text, undefined, label)];
    return answerScript(label, options, (context) => [
      first,
      ...text,
      ...toolBlocks(then.toolUse ?? [], context),
    ]);
  },

  /**
   * An HTTP error in Anthropic's envelope. Statuses and types: 400
   * `invalid_request_error`, 401 `authentication_error`, 403
   * `permission_error`, 404 `not_found_error`, 413 `request_too_large`, 429
   * `rate_limit_error`, 500 `api_error`, 529 `overloaded_error`.
   */
  error(status: number, options: AnthropicErrorOptions): FakeScript {
    const label = `anthropic.error(${String(status)})`;
    checkErrorStatus(status, label);
    return defineScript('anthropic', label, both, options, (context) =>
      renderAnthropicError(
        status,
        { type: options.type ?? anthropicTypeOf(status), message: options.message },
        context,
        options.headers,
      ),
    );
  },

  /** 429 `rate_limit_error` with `retry-after`, `anthropic-ratelimit-*` and `x-should-retry: true`. */
  rateLimited(options: AnthropicRateLimitedOptions = {}): FakeScript {
    const timed =
      options.retryAfterSeconds !== undefined ||
      options.requestsReset !== undefined ||
      options.tokensReset !== undefined;
    const retryAfterSeconds = options.retryAfterSeconds ?? (timed ? undefined : 1);
    const requestsLimit = options.requestsLimit ?? 50;
    const tokensLimit = options.tokensLimit ?? 40_000;
    return defineScript('anthropic', 'anthropic.rateLimited()', both, options, (context) => {
      const headers: Record<string, string> = {
        'anthropic-ratelimit-requests-limit': String(requestsLimit),
        'anthropic-ratelimit-requests-remaining': String(options.requestsRemaining ?? 0),
        'anthropic-ratelimit-requests-reset':
          options.requestsReset ?? rfc3339(context.now + (retryAfterSeconds ?? 1) * 1000),
        'anthropic-ratelimit-tokens-limit': String(tokensLimit),
        'anthropic-ratelimit-tokens-remaining': String(options.tokensRemaining ?? tokensLimit),
        'anthropic-ratelimit-tokens-reset': options.tokensReset ?? rfc3339(context.now),
      };
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      const message =
        options.message ??
        `This request would exceed your organization's rate limit of ${String(requestsLimit)} requests per minute (org: 00000000-0000-4000-8000-fa4e5e77e700, model: ${requestedModel(context) ?? 'claude-sonnet-4-6'}). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`;
      return renderAnthropicError(429, { type: 'rate_limit_error', message }, context, {
        ...headers,
        ...options.headers,
      });
    });
  },

  /** `overloaded_error`: HTTP 529, or with `inBand` the first event of a 200 stream. */
  overloaded(options: AnthropicOverloadedOptions = {}): FakeScript {
    const message = options.message ?? 'Overloaded';
    const label = `anthropic.overloaded(${options.inBand === true ? '{ inBand: true }' : ''})`;
    const inBand = inBandError(label, { type: 'overloaded_error', message }, 0, '', options);
    return defineScript('anthropic', label, both, options, (context) =>
      options.inBand === true && context.stream && context.endpoint === 'anthropic-messages'
        ? inBand.render(context)
        : renderAnthropicError(
            anthropicErrorStatuses.overloaded_error,
            { type: 'overloaded_error', message },
            context,
            options.headers,
          ),
    );
  },

  /**
   * A 200 stream that fails in band: `afterEvents` events of a text answer,
   * then an `error` event, then the end (no `message_stop`). Sent as a stream
   * even when the request did not ask for one.
   */
  streamError(
    error: { readonly type: AnthropicErrorType | (string & {}); readonly message: string },
    options: AnthropicStreamErrorOptions = {},
  ): FakeScript {
    return inBandError(
      `anthropic.streamError(${preview(error.message)})`,
      error,
      options.afterEvents ?? 0,
      options.text ?? 'Partial answer',
      options,
    );
  },

  /** The answer of `POST /v1/messages/count_tokens`: `{ "input_tokens": n }`. */
  countTokens(inputTokens: number, options?: FakeScriptOptions): FakeScript {
    const label = `anthropic.countTokens(${String(inputTokens)})`;
    checkTokens(inputTokens, `${label}: inputTokens`);
    return defineScript(
      'anthropic',
      label,
      ['anthropic-count-tokens'],
      options,
      (context): WireResponse => ({
        status: 200,
        headers: { ...anthropicHeaders(context, 'application/json'), ...options?.headers },
        kind: 'body',
        units: [JSON.stringify({ input_tokens: inputTokens })],
        keepAlive: anthropicKeepAlive,
        malformedEvent: anthropicMalformedEvent,
      }),
    );
  },

  /**
   * Replays a recording under `$LLM_PEERS_DIR/fixtures/anthropic/` (or an absolute path)
   * as it was recorded: status, headers and body bytes, whatever the request
   * asks. Every format of the fixtures MANIFEST works (see
   * {@link loadRecordedExchanges}); `exchange` picks one exchange of a
   * recording that holds several.
   */
  fixture(path: string, options?: FixtureScriptOptions): FakeScript {
    return fixtureScript('anthropic', path, options);
  },

  /** One script per exchange of a recording, in order: `server.enqueue(...anthropic.fixtureExchanges(path))`. */
  fixtureExchanges(path: string, options?: FakeScriptOptions): FakeScript[] {
    return fixtureScripts('anthropic', path, options);
  },

  /** Exact bytes: any status, headers and body, written at once (`body`) or piece by piece (`chunks`). */
  raw(options: AnthropicRawOptions): FakeScript {
    const status = options.status ?? 200;
    const label = `anthropic.raw(${String(status)})`;
    // Up to 999: Node sends any three-digit status, and clients must survive odd ones (600, 999).
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new FakeServerError(`${label}: status must be a three-digit status from 100 to 999.`);
    }
    if ((options.body === undefined) === (options.chunks === undefined)) {
      throw new FakeServerError(`${label}: give exactly one of body or chunks.`);
    }
    return defineScript('anthropic', label, both, options, (context): WireResponse => ({
      status,
      headers: {
        ...anthropicHeaders(
          context,
          options.chunks === undefined ? 'application/json' : eventStreamType,
        ),
        ...options.headers,
      },
      kind: options.chunks === undefined ? 'body' : 'events',
      units: options.chunks ?? [options.body!],
      keepAlive: anthropicKeepAlive,
      malformedEvent: anthropicMalformedEvent,
    }));
  },
} as const;
