import {
  ChatStream,
  ConfigError,
  ResponseValidationError,
  TimeoutError,
  validateChatRequest,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
  type ChatWarning,
  type ModelCapabilities,
} from '@org/llm-core';
import { headersToRecord, redactSecrets, resultToStreamParts } from '@org/llm-core/adapter-kit';
import {
  mapOpenAIResponse,
  OpenAIStreamMapper,
  prepareOpenAIRequest,
  type MaxTokensParameter,
} from '@org/llm-openai-compat';
import type { OpenAI } from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { mapOpenAISdkError } from './map-openai-sdk-error.ts';
import { watchStreamEnd } from './watch-stream-end.ts';

/** Everything a model needs, resolved once by the provider. */
export interface OpenAIModelConfig {
  /** Provider id. */
  readonly provider: string;
  /** Model id (the `model` field; the deployment on Azure unless mapped). */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  /** The SDK client, built with `maxRetries: 0`. */
  readonly client: OpenAI;
  /** Where requests go, for error messages. */
  readonly baseURL: string;
  /** See `OpenAIOptions.timeoutMs`. */
  readonly timeoutMs: number;
  /** Headers sent with every request on top of the client's own (`null` removes one). */
  readonly headers: Readonly<Record<string, string | null>> | undefined;
  /** Resolves the API key per request, when it is a function. */
  readonly resolveApiKey: (() => string | Promise<string>) | undefined;
  /** Header that carries a resolved key: `authorization` (`Bearer <key>`) or Azure's `api-key`. */
  readonly apiKeyHeader: 'authorization' | 'api-key';
  /** Known secrets (the fixed API key), scrubbed from every error. */
  readonly secrets: readonly string[];
  /** Field for `maxOutputTokens`. */
  readonly maxTokensParameter: MaxTokensParameter;
}

/** What one call sends. */
interface PreparedCall {
  readonly body: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string | null>> | undefined;
  readonly warnings: readonly ChatWarning[];
  readonly secrets: readonly string[];
}

const jsonContentType = /^application\/json/i;
/** The event the SDK swallows, handed to the mapper when the SDK saw it. */
const doneEvent = { event: 'message', data: '[DONE]' } as const;

/**
 * A Chat Completions model over the official `openai` SDK. The request body,
 * the response and stream mapping are `@org/llm-openai-compat`'s, as in
 * `@org/llm-openai-http`; this class adds what the SDK does differently:
 * errors are the SDK's classes (mapped by status, headers and body), chunks
 * arrive parsed, `[DONE]` is hidden and a stream's body has no timeout.
 * Made by `createOpenAI`; not constructed directly.
 */
export class OpenAIChatModel implements ChatModel {
  /** Version of the `ChatModel` contract. */
  readonly specificationVersion = 'v1';
  /** Provider id, e.g. `openai`, `azure`, `groq`. */
  readonly provider: string;
  /** The model id. */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  readonly #config: OpenAIModelConfig;

  /** @param config Resolved by the provider. */
  constructor(config: OpenAIModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.capabilities = config.capabilities;
    this.#config = config;
  }

  /** Generates a complete answer; see `ChatModel.generate`. */
  async generate(request: ChatRequest): Promise<ChatResult> {
    const prepared = await this.#prepare(request, false);
    const signal = request.abortSignal;
    try {
      // The SDK's timer covers the whole call (headers and body), and the
      // caller's signal goes to the SDK as it is: no timer or controller of
      // our own on this path.
      const { data, response } = await this.#config.client.chat.completions
        .create(prepared.body as unknown as ChatCompletionCreateParamsNonStreaming, {
          signal,
          timeout: this.#config.timeoutMs,
          headers: prepared.headers,
        })
        .withResponse();
      // The SDK parses JSON content types only; another type (or an empty
      // body) gives text or undefined, which gets the same check as over HTTP.
      const body: unknown = data;
      return mapOpenAIResponse(
        typeof body === 'object' && body !== null
          ? body
          : this.#parseJson(typeof body === 'string' ? body : '', prepared.secrets),
        {
          provider: this.provider,
          modelId: this.modelId,
          headers: headersToRecord(response.headers),
          warnings: prepared.warnings,
          secrets: prepared.secrets,
        },
      );
    } catch (error) {
      throw this.#failure(error, signal, false, prepared.secrets, 'generate');
    }
  }

  /** Streams an answer; see `ChatModel.stream`. */
  async stream(request: ChatRequest): Promise<ChatStream> {
    const prepared = await this.#prepare(request, true);
    return ChatStream.from(this.#streamParts(request.abortSignal, prepared), {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: request.abortSignal,
    });
  }

  async *#streamParts(
    signal: AbortSignal | undefined,
    prepared: PreparedCall,
  ): AsyncGenerator<ChatStreamPart | readonly ChatStreamPart[]> {
    const { timeoutMs } = this.#config;
    // Set by the idle timer (a closure, so held in an object for the type checker).
    const idle: { timer?: ReturnType<typeof setTimeout>; timedOut: boolean } = { timedOut: false };
    try {
      // Until the headers arrive, the SDK's timer runs; it stops there.
      const { data: chunks, response } = await this.#config.client.chat.completions
        .create(prepared.body as unknown as ChatCompletionCreateParamsStreaming, {
          signal,
          timeout: timeoutMs,
          headers: prepared.headers,
        })
        .withResponse();
      // Then ours: the body must never go silent for longer than timeoutMs
      // (restarted by every chunk, so a long stream that keeps sending is
      // never cut). Expiry aborts the SDK's own controller.
      idle.timer = setTimeout(() => {
        if (signal?.aborted !== true) idle.timedOut = true;
        chunks.controller.abort();
      }, timeoutMs);
      const headers = headersToRecord(response.headers);
      if (jsonContentType.test(headers['content-type'] ?? '')) {
        // Some compatible servers answer a stream request with one JSON body,
        // which the SDK would read as an empty event stream. Its stream is
        // lazy and has not touched the body yet.
        const result = mapOpenAIResponse(this.#parseJson(await response.text(), prepared.secrets), {
          provider: this.provider,
          modelId: this.modelId,
          headers,
          warnings: prepared.warnings,
          secrets: prepared.secrets,
        });
        yield* resultToStreamParts(result);
        return;
      }
      const stoppedBeforeEnd = watchStreamEnd(response);
      yield [
        { type: 'stream-start', warnings: prepared.warnings },
        { type: 'response-metadata', headers },
      ];
      // The parts of one chunk go to ChatStream as one batch (one async step
      // per chunk rather than per part); a batch handed over is not reused.
      let parts: ChatStreamPart[] = [];
      const mapper = new OpenAIStreamMapper({
        provider: this.provider,
        modelId: this.modelId,
        headers,
        secrets: prepared.secrets,
      });
      // Leaving this loop early (an error, or the reader stopping) returns the
      // SDK's iterator, which aborts the request and frees the connection.
      for await (const chunk of chunks) {
        idle.timer.refresh();
        let failure: { readonly error: unknown } | undefined;
        try {
          mapper.pushChunk(chunk, parts);
        } catch (error) {
          failure = { error };
        }
        // The parts a chunk gave before it failed are delivered first, as over HTTP.
        if (parts.length === 1) {
          yield parts[0]!;
          parts.length = 0;
        } else if (parts.length > 1) {
          yield parts;
          parts = [];
        }
        if (failure !== undefined) throw failure.error;
      }
      // The SDK ends its iteration quietly at `[DONE]`, when the body ends
      // without it (a cut stream), and when its request is aborted (by the
      // idle timer or by the caller).
      if (idle.timedOut) throw this.#timeoutError('stream');
      if (signal?.aborted === true) throw signal.reason;
      // Only at `[DONE]` did the SDK stop before the end of the body: tell the
      // mapper, so a stream with `[DONE]` but no finish_reason is complete, as
      // over HTTP. Otherwise `end` throws a ConnectionError for a stream cut
      // before any finish_reason.
      if (stoppedBeforeEnd()) mapper.push(doneEvent, parts);
      mapper.end(parts);
      yield parts;
    } catch (error) {
      throw this.#failure(error, signal, idle.timedOut, prepared.secrets, 'stream');
    } finally {
      clearTimeout(idle.timer);
    }
  }

  async #prepare(request: ChatRequest, stream: boolean): Promise<PreparedCall> {
    validateChatRequest(request, { provider: this.provider, modelId: this.modelId });
    request.abortSignal?.throwIfAborted();
    const config = this.#config;
    const { body, warnings } = prepareOpenAIRequest(request, config, stream);
    const resolve = config.resolveApiKey;
    if (resolve === undefined && request.headers === undefined) {
      return { body, headers: config.headers, warnings, secrets: config.secrets };
    }
    const headers: Record<string, string | null> = { ...config.headers };
    let secrets = config.secrets;
    if (resolve !== undefined) {
      const key = await this.#resolveKey(resolve);
      headers[config.apiKeyHeader] = config.apiKeyHeader === 'api-key' ? key : `Bearer ${key}`;
      secrets = [...secrets, key];
    }
    if (request.headers !== undefined) {
      for (const name of Object.keys(request.headers))
        headers[name.toLowerCase()] = request.headers[name]!;
    }
    return { body, headers, warnings, secrets };
  }

  async #resolveKey(resolve: () => string | Promise<string>): Promise<string> {
    let key: unknown;
    try {
      key = await resolve();
    } catch (error) {
      throw new ConfigError(
        `The apiKey function of ${this.provider} failed; it must return the API key.`,
        { provider: this.provider, modelId: this.modelId, cause: error },
      );
    }
    if (typeof key !== 'string' || key === '') {
      throw new ConfigError(
        `The apiKey function of ${this.provider} returned no key; it must return a non-empty string.`,
        { provider: this.provider, modelId: this.modelId },
      );
    }
    return key;
  }

  /** The error of an expired `timeoutMs`, whichever timer (ours or the SDK's) fired first. */
  #timeoutError(kind: 'generate' | 'stream', cause?: unknown): TimeoutError {
    const { timeoutMs } = this.#config;
    const what =
      kind === 'generate'
        ? `did not complete the answer within ${timeoutMs} ms`
        : `sent no response or stream data for ${timeoutMs} ms`;
    return new TimeoutError(
      `${this.provider} ${what} (model '${this.modelId}'); raise timeoutMs if the model needs longer.`,
      { provider: this.provider, modelId: this.modelId, phase: 'request', timeoutMs, cause },
    );
  }

  #parseJson(text: string, secrets: readonly string[]): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
      throw new ResponseValidationError(
        `${this.provider} answered '${this.modelId}' with a body that is not JSON: ${JSON.stringify(redactSecrets(snippet, secrets))}`,
        { provider: this.provider, modelId: this.modelId, cause: error },
      );
    }
  }

  /**
   * The error a failed call rejects with: the idle timeout when it fired, the
   * caller's abort reason when the caller aborted, else the classified error.
   */
  #failure(
    error: unknown,
    signal: AbortSignal | undefined,
    timedOut: boolean,
    secrets: readonly string[],
    kind: 'generate' | 'stream',
  ): unknown {
    if (timedOut) return this.#timeoutError(kind);
    if (signal?.aborted === true) return signal.reason as unknown;
    return mapOpenAISdkError(error, {
      provider: this.provider,
      modelId: this.modelId,
      baseURL: this.#config.baseURL,
      secrets,
      timeout: (cause) => this.#timeoutError(kind, cause),
    });
  }
}
