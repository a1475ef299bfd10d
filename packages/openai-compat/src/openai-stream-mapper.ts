import {
  ConnectionError,
  ResponseValidationError,
  type ChatStreamPart,
  type ProviderMetadata,
  type ToolDefinition,
} from '@org/llm-core';
import {
  classifyErrorPayload,
  cutToolCallError,
  isToolInputComplete,
  redactSecrets,
} from '@org/llm-core/adapter-kit';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { openAIToolSchema } from './map-openai-response.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import type {
  OpenAIChatChunk,
  OpenAIChunkChoice,
  OpenAIChunkDelta,
  OpenAIToolCallDelta,
} from './openai-chat-api.ts';
import { parseOpenAIToolArguments } from './parse-openai-tool-arguments.ts';

/**
 * One server-sent event of a Chat Completions stream, as an SSE parser
 * dispatches it (the HTML Standard's event stream interpretation).
 */
export interface OpenAIStreamEvent {
  /** The `event:` field; `message` when the event had none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
}

/** What the mapper needs to know about the call. */
export interface OpenAIStreamMapperOptions {
  /** Provider id; also the `providerMetadata` namespace. */
  readonly provider: string;
  /** Model id of the request. */
  readonly modelId: string;
  /** Response headers, for errors sent inside the stream (request id, retry-after). */
  readonly headers: Readonly<Record<string, string>>;
  /** Exact secrets to scrub from error messages. */
  readonly secrets: readonly string[];
  /**
   * The request's tools: their input schemas judge a tool call when the
   * output limit stopped the answer (see {@link OpenAIStreamMapper}).
   */
  readonly tools?: readonly ToolDefinition[] | undefined;
}

interface ToolCallState {
  readonly id: string;
  readonly name: string;
  arguments: string;
}

const doneMarker = '[DONE]';

/** A parsed chunk as JSON text, for messages (`undefined` has none). */
function jsonText(value: unknown): string {
  try {
    // JSON.stringify gives undefined (not a string) for `undefined`.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    // Nested too deeply for JSON.stringify's recursion.
    return 'a value nested too deeply to show';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns the events of a Chat Completions stream into neutral stream parts.
 * One instance per stream; this is the per-chunk hot path, so chunks are
 * checked by hand (a few `typeof`s, no zod), each part is built once, and
 * nothing is re-scanned.
 *
 * - Text arrives as `delta.content`; reasoning text from compatible servers
 *   as `delta.reasoning_content` or `delta.reasoning`.
 * - Tool calls arrive as `delta.tool_calls[]` keyed by `index`; the first
 *   delta of a call has its id and name, the rest argument text. A delta
 *   that repeats the id and name (OpenRouter) continues the call; a new id
 *   at a used index (some Gemini-compatible servers) starts a new call.
 * - `finish_reason` closes every open block (tool calls get their parsed
 *   input); `finish` follows at `[DONE]` or at the end of the body, after the
 *   usage chunk of `stream_options.include_usage`.
 * - When the output limit stopped the answer (`finish_reason: length`), a
 *   tool call whose arguments are not whole (core's `isToolInputComplete`)
 *   is never delivered: the calls before it are, then core's
 *   `cutToolCallError` is thrown, as `mapOpenAIResponse` does.
 * - Tool calls are kept by their wire `index` in a map, so no work depends
 *   on the number a server sends.
 * - Only choice 0 is mapped (the neutral result has one answer).
 * - A refusal (`delta.refusal`) is not text: it makes the finish reason
 *   `content-filter` and is reported as `providerMetadata[provider].refusal`.
 */
export class OpenAIStreamMapper {
  readonly #options: OpenAIStreamMapperOptions;
  #chunkIndex = 0;
  #done = false;
  #metadataSent = false;
  #blockCount = 0;
  #textId: string | undefined;
  #reasoningId: string | undefined;
  readonly #toolCalls: ToolCallState[] = [];
  readonly #openToolCalls = new Map<number, ToolCallState>();
  #finished = false;
  #finishReason: string | undefined;
  #hasToolCalls = false;
  #usage: unknown;
  #refusal = '';
  #systemFingerprint: string | undefined;
  #serviceTier: string | undefined;
  #logprobs: unknown[] | undefined;

  /** @param options What the mapper needs to know about the call; one mapper per stream. */
  constructor(options: OpenAIStreamMapperOptions) {
    this.#options = options;
  }

  /** Whether `data: [DONE]` arrived: the stream is complete and the rest of the body can be ignored. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Maps one SSE event, appending the parts it yields to `out`: for adapters
   * that parse the event stream themselves. `data: [DONE]` marks the stream
   * complete. Throws a `ResponseValidationError` for a malformed chunk and
   * the classified error for an error the server sent inside the stream
   * (an `error` field, or an `event: error`).
   */
  push(event: OpenAIStreamEvent, out: ChatStreamPart[]): void {
    const data = event.data;
    if (data === doneMarker) {
      this.#done = true;
      return;
    }
    if (this.#done) return;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      const index = this.#chunkIndex++;
      if (event.event === 'error') throw this.#streamError(data);
      // No cause: the parser's message quotes the data unredacted.
      throw new ResponseValidationError(
        `${this.#options.provider} sent stream chunk #${index} for '${this.#options.modelId}' whose data is not JSON: ${this.#snippet(data)}`,
        { provider: this.#options.provider, modelId: this.#options.modelId },
      );
    }
    this.#map(chunk, out, event.event === 'error', data);
  }

  /**
   * Maps one chunk that is already parsed (the `openai` SDK yields chunks as
   * objects and handles `[DONE]` itself), appending the parts it yields to
   * `out`. Throws like {@link OpenAIStreamMapper.push}.
   */
  pushChunk(chunk: unknown, out: ChatStreamPart[]): void {
    if (this.#done) return;
    this.#map(chunk, out, false, undefined);
  }

  #map(chunk: unknown, out: ChatStreamPart[], errorEvent: boolean, data: string | undefined): void {
    const index = this.#chunkIndex++;
    if (!isObject(chunk)) {
      this.#invalid(
        index,
        '',
        `must be a JSON object, got ${this.#snippet(data ?? jsonText(chunk))}`,
      );
    }
    const typed = chunk as OpenAIChatChunk;
    if ((typed.error !== undefined && typed.error !== null) || errorEvent) {
      throw this.#streamError(chunk);
    }
    if (!this.#metadataSent) this.#metadata(typed, out);
    if (typed.usage !== undefined && typed.usage !== null) this.#usage = typed.usage;
    if (typeof typed.system_fingerprint === 'string')
      this.#systemFingerprint = typed.system_fingerprint;
    if (typeof typed.service_tier === 'string') this.#serviceTier = typed.service_tier;
    const choices = typed.choices;
    if (choices === undefined || choices === null) return;
    if (!Array.isArray(choices)) this.#invalid(index, 'choices', 'must be an array');
    for (let position = 0; position < choices.length; position++) {
      const choice = choices[position] as unknown;
      if (!isObject(choice)) this.#invalid(index, `choices[${position}]`, 'must be an object');
      const choiceIndex = (choice as OpenAIChunkChoice).index;
      if (choiceIndex !== undefined && choiceIndex !== null && typeof choiceIndex !== 'number') {
        this.#invalid(index, `choices[${position}].index`, 'must be a number');
      }
      if ((choiceIndex ?? 0) === 0 && !this.#finished) this.#choice(index, position, choice, out);
    }
  }

  /**
   * The body ended (after `[DONE]` or not). Closes what is open and appends
   * `finish`; throws a `ConnectionError` when the stream ended before any
   * `finish_reason` and without `[DONE]`: the connection was cut. With
   * {@link OpenAIStreamMapper.pushChunk} alone `[DONE]` is never seen, so a
   * stream without a `finish_reason` always counts as cut.
   */
  end(out: ChatStreamPart[]): void {
    if (!this.#finished && !this.#done) {
      throw new ConnectionError(
        `The ${this.#options.provider} stream for '${this.#options.modelId}' ended after ${this.#chunkIndex} chunk(s) without a finish_reason or [DONE]; the connection was closed early. Retrying may succeed.`,
        { provider: this.#options.provider, modelId: this.#options.modelId },
      );
    }
    this.#closeBlocks(out);
    const metadata: Record<string, unknown> = {};
    if (this.#systemFingerprint !== undefined) metadata.systemFingerprint = this.#systemFingerprint;
    if (this.#serviceTier !== undefined) metadata.serviceTier = this.#serviceTier;
    if (this.#refusal !== '') metadata.refusal = this.#refusal;
    if (this.#logprobs !== undefined) metadata.logprobs = this.#logprobs;
    const providerMetadata: ProviderMetadata | undefined =
      Object.keys(metadata).length === 0 ? undefined : { [this.#options.provider]: metadata };
    out.push({
      type: 'finish',
      finishReason: mapOpenAIFinishReason(this.#finishReason, {
        refused: this.#refusal !== '',
        hasToolCalls: this.#hasToolCalls,
      }),
      usage: mapOpenAIUsage(this.#usage),
      ...(providerMetadata === undefined ? {} : { providerMetadata }),
    });
  }

  #metadata(chunk: OpenAIChatChunk, out: ChatStreamPart[]): void {
    // Azure sends a first chunk with empty id and model (prompt filter
    // results only); wait for one that names them.
    const id = typeof chunk.id === 'string' && chunk.id !== '' ? chunk.id : undefined;
    const modelId = typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : undefined;
    if (id === undefined && modelId === undefined) return;
    this.#metadataSent = true;
    out.push({ type: 'response-metadata', id, modelId });
  }

  #choice(index: number, position: number, choice: OpenAIChunkChoice, out: ChatStreamPart[]): void {
    const delta = choice.delta;
    if (delta !== undefined && delta !== null) {
      if (!isObject(delta)) this.#invalid(index, `choices[${position}].delta`, 'must be an object');
      this.#delta(index, position, delta, out);
    }
    const logprobs = choice.logprobs;
    if (logprobs !== undefined && logprobs !== null && Array.isArray(logprobs.content)) {
      const entries: readonly unknown[] = logprobs.content;
      const target = (this.#logprobs ??= []);
      for (const entry of entries) target.push(entry);
    }
    const finishReason = choice.finish_reason;
    if (finishReason === undefined || finishReason === null) return;
    if (typeof finishReason !== 'string')
      this.#invalid(index, `choices[${position}].finish_reason`, 'must be a string');
    this.#finishReason = finishReason;
    this.#finished = true;
    this.#closeBlocks(out);
  }

  #delta(index: number, position: number, delta: OpenAIChunkDelta, out: ChatStreamPart[]): void {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning !== undefined && reasoning !== null) {
      if (typeof reasoning !== 'string')
        this.#invalid(index, `choices[${position}].delta.reasoning_content`, 'must be a string');
      if (reasoning !== '') {
        if (this.#reasoningId === undefined) {
          this.#reasoningId = `reasoning-${this.#blockCount++}`;
          out.push({ type: 'reasoning-start', id: this.#reasoningId });
        }
        out.push({ type: 'reasoning-delta', id: this.#reasoningId, delta: reasoning });
      }
    }
    const content = delta.content;
    if (content !== undefined && content !== null) {
      if (typeof content !== 'string')
        this.#invalid(index, `choices[${position}].delta.content`, 'must be a string or null');
      if (content !== '') {
        if (this.#textId === undefined) {
          // Compatible servers stream reasoning first, then the answer: close the reasoning block.
          if (this.#reasoningId !== undefined) {
            out.push({ type: 'reasoning-end', id: this.#reasoningId });
            this.#reasoningId = undefined;
          }
          this.#textId = `text-${this.#blockCount++}`;
          out.push({ type: 'text-start', id: this.#textId });
        }
        out.push({ type: 'text-delta', id: this.#textId, delta: content });
      }
    }
    const refusal = delta.refusal;
    if (refusal !== undefined && refusal !== null) {
      if (typeof refusal !== 'string')
        this.#invalid(index, `choices[${position}].delta.refusal`, 'must be a string or null');
      this.#refusal += refusal;
    }
    const toolCalls = delta.tool_calls;
    if (toolCalls !== undefined && toolCalls !== null) {
      if (!Array.isArray(toolCalls))
        this.#invalid(index, `choices[${position}].delta.tool_calls`, 'must be an array');
      for (let call = 0; call < toolCalls.length; call++) {
        this.#toolCallDelta(
          index,
          `choices[${position}].delta.tool_calls[${call}]`,
          call,
          toolCalls[call],
          out,
        );
      }
    }
  }

  #toolCallDelta(
    index: number,
    path: string,
    position: number,
    value: unknown,
    out: ChatStreamPart[],
  ): void {
    if (!isObject(value)) this.#invalid(index, path, 'must be an object');
    const delta = value as OpenAIToolCallDelta;
    const callIndex = delta.index ?? position;
    if (typeof callIndex !== 'number') this.#invalid(index, `${path}.index`, 'must be a number');
    const fn = delta.function;
    if (fn !== undefined && fn !== null && !isObject(fn))
      this.#invalid(index, `${path}.function`, 'must be an object');
    const id = delta.id;
    if (id !== undefined && id !== null && typeof id !== 'string')
      this.#invalid(index, `${path}.id`, 'must be a string');
    let state = this.#openToolCalls.get(callIndex);
    if (state === undefined || (id !== undefined && id !== null && id !== '' && id !== state.id)) {
      const name = fn?.name;
      if (typeof name !== 'string' || name === '') {
        this.#invalid(
          index,
          `${path}.function.name`,
          `is missing in the first delta of tool call ${callIndex}`,
        );
      }
      const callId = typeof id === 'string' && id !== '' ? id : `call_${this.#toolCalls.length}`;
      state = { id: callId, name, arguments: '' };
      this.#toolCalls.push(state);
      this.#openToolCalls.set(callIndex, state);
      this.#hasToolCalls = true;
      out.push({ type: 'tool-call-start', toolCallId: callId, toolName: name });
    }
    const text = fn?.arguments;
    if (text === undefined || text === null) return;
    if (typeof text !== 'string')
      this.#invalid(index, `${path}.function.arguments`, 'must be a string');
    if (text === '') return;
    state.arguments += text;
    out.push({ type: 'tool-call-delta', toolCallId: state.id, delta: text });
  }

  #closeBlocks(out: ChatStreamPart[]): void {
    if (this.#reasoningId !== undefined) {
      out.push({ type: 'reasoning-end', id: this.#reasoningId });
      this.#reasoningId = undefined;
    }
    if (this.#textId !== undefined) {
      out.push({ type: 'text-end', id: this.#textId });
      this.#textId = undefined;
    }
    if (this.#openToolCalls.size === 0) return;
    const calls = this.#toolCalls.splice(0);
    this.#openToolCalls.clear();
    const length =
      this.#finished &&
      mapOpenAIFinishReason(this.#finishReason, {
        refused: this.#refusal !== '',
        hasToolCalls: true,
      }).unified === 'length';
    for (const call of calls) {
      const input = parseOpenAIToolArguments(call.arguments);
      out.push({ type: 'tool-call-end', toolCallId: call.id });
      if (length && !isToolInputComplete(input, openAIToolSchema(this.#options.tools, call.name))) {
        throw cutToolCallError(this.#options, {
          toolName: call.name,
          text: call.arguments,
          limit: `finish_reason '${this.#finishReason ?? ''}'`,
        });
      }
      out.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input });
    }
  }

  #streamError(payload: unknown): Error {
    // The stream's 200 headers describe the quota before the answer, not this error.
    return classifyErrorPayload(payload, this.#options.headers, {
      provider: this.#options.provider,
      modelId: this.#options.modelId,
      secrets: this.#options.secrets,
    });
  }

  #snippet(text: string): string {
    // Redact before cutting: a key across the cut would no longer be recognised.
    const redacted = redactSecrets(text.slice(0, 65_536), this.#options.secrets);
    return JSON.stringify(redacted.length > 120 ? `${redacted.slice(0, 120)}...` : redacted);
  }

  #invalid(index: number, path: string, problem: string): never {
    throw new ResponseValidationError(
      `${this.#options.provider} sent an invalid stream chunk #${index} for '${this.#options.modelId}': ${path === '' ? 'the chunk' : path} ${problem}.`,
      { provider: this.#options.provider, modelId: this.#options.modelId },
    );
  }
}
