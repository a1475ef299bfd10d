import {
  CallControl,
  checkRequestWarnings,
  headersToRecord,
  readResponseText,
  resultToStreamParts,
  SseParser,
  transportFailure,
  unexpectedBodyError,
  withCost,
} from '@org/llm-core/adapter-kit';
import {
  ChatStream,
  ConfigError,
  TimeoutError,
  validateChatRequest,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
  type ChatWarning,
  type ModelCapabilities,
  type ResponseValidationError,
} from '@org/llm-core';
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
import { mapOpenAISdkError, type SdkErrorContext } from './map-openai-sdk-error.ts';

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
  /** Strict mode: a setting the model cannot honour exactly fails the call before it is sent. */
  readonly strict: boolean;
  /** Whether the client sends through `captureErrorBodies` (a client this adapter built). */
  readonly capturesErrors: boolean;
}

/** What one call sends. */
interface PreparedCall {
  readonly body: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string | null>> | undefined;
  readonly warnings: readonly ChatWarning[];
  readonly secrets: readonly string[];
  /** The request's tools, which judge a tool call the output limit may have cut. */
  readonly tools: ChatRequest['tools'];
}

/** `application/json`, and JSON dialects such as `application/problem+json`. */
const jsonContentType = /^\s*application\/(?:[\w.-]+\+)?json\b/i;
const eventStreamContentType = /^\s*text\/event-stream\b/i;
/** How much of a body of the wrong type is read for the error, in bytes. */
const wrongBodyLimitBytes = 16 * 1024;
/** After `[DONE]`, how long the rest of the body may take before the connection is closed instead of reused. */
const drainTimeoutMs = 250;
/** After `[DONE]`, how many more bytes are read to reuse the connection before closing it instead. */
const drainLimitBytes = 64 * 1024;

/**
 * Reads what follows `[DONE]` (normally just the end of the body) so the
 * connection goes back to the pool; a server that keeps the body open gets
 * `drainTimeoutMs`, then the request is aborted. The answer is complete
 * either way: this never fails the stream.
 *
 * @returns Whether the body was read to its end.
 */
async function drainRest(
  call: CallControl,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  controller: AbortController,
): Promise<boolean> {
  call.arm(drainTimeoutMs, () => {
    controller.abort();
  });
  let bytes = 0;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.byteLength;
      if (bytes > drainLimitBytes) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * A Chat Completions model over the official `openai` SDK. The request body,
 * the response and stream mapping are `@org/llm-openai-compat`'s, as in
 * `@org/llm-openai-http`; the SDK builds, authenticates and sends the
 * request and throws its own error classes for a failed status (mapped by
 * status, headers and body). A stream's body is read here, with core's
 * `SseParser` and the shared `OpenAIStreamMapper`, under this adapter's idle
 * deadline (the SDK does not time a stream's body).
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
    const call = new CallControl(request.abortSignal, this.#config.timeoutMs, () =>
      this.#timeoutError('generate'),
    );
    try {
      // The SDK sends the request, bounds the wait for headers with its own
      // timer, and throws its APIError for a failed status. The body is read
      // here, within what is left of timeoutMs, and parsed as over HTTP.
      const response = await this.#config.client.chat.completions
        .create(prepared.body as unknown as ChatCompletionCreateParamsNonStreaming, {
          signal: call.optionalSignal,
          timeout: this.#config.timeoutMs,
          headers: prepared.headers,
        })
        .asResponse();
      const text = await readResponseText(response, call);
      const result = await mapOpenAIResponse(this.#parseJson(text, response, prepared.secrets), {
        provider: this.provider,
        modelId: this.modelId,
        headers: headersToRecord(response.headers),
        warnings: prepared.warnings,
        secrets: prepared.secrets,
        tools: prepared.tools,
      });
      return withCost(result, this.capabilities.pricing);
    } catch (error) {
      throw this.#failure(error, call.stopReason, prepared.secrets, 'generate');
    } finally {
      call.dispose();
    }
  }

  /** Streams an answer; see `ChatModel.stream`. */
  async stream(request: ChatRequest): Promise<ChatStream> {
    const prepared = await this.#prepare(request, true);
    return ChatStream.from(this.#streamParts(request.abortSignal, prepared), {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: request.abortSignal,
      pricing: this.capabilities.pricing,
    });
  }

  async *#streamParts(
    signal: AbortSignal | undefined,
    prepared: PreparedCall,
  ): AsyncGenerator<ChatStreamPart | readonly ChatStreamPart[]> {
    const call = new CallControl(signal, this.#config.timeoutMs, () =>
      this.#timeoutError('stream'),
    );
    let controller: AbortController | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    // Set where the body's end is seen; read in `finally` (the reader may stop us at any yield).
    const body = { read: false };
    try {
      // The SDK sends the request, bounds the wait for headers with its own
      // timer, and throws its APIError for a failed status. It gets a signal
      // of this call only (when the caller gave one): its stream object is
      // never iterated, so it never removes its listener from that signal.
      const { data, response } = await this.#config.client.chat.completions
        .create(prepared.body as unknown as ChatCompletionCreateParamsStreaming, {
          signal: call.optionalSignal,
          timeout: this.#config.timeoutMs,
          headers: prepared.headers,
        })
        .withResponse();
      // Only the controller of the SDK's request is used: aborting it closes the connection.
      const sdkController = data.controller;
      controller = sdkController;
      const headers = headersToRecord(response.headers);
      const contentType = headers['content-type'];
      if (contentType !== undefined && jsonContentType.test(contentType)) {
        // Some compatible servers answer a stream request with one JSON body,
        // which the SDK would read as an empty event stream.
        call.arm('remaining', () => {
          sdkController.abort();
        });
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          throw transportFailure(error);
        }
        body.read = true;
        const result = await mapOpenAIResponse(this.#parseJson(text, response, prepared.secrets), {
          provider: this.provider,
          modelId: this.modelId,
          headers,
          warnings: prepared.warnings,
          secrets: prepared.secrets,
          tools: prepared.tools,
        });
        yield* resultToStreamParts(result);
        return;
      }
      if (contentType !== undefined && !eventStreamContentType.test(contentType)) {
        // An HTML page or plain text with a 2xx (a captive portal, a proxy, a wrong baseURL).
        call.arm('remaining', () => {
          sdkController.abort();
        });
        throw await this.#wrongContentType(response, contentType, prepared.secrets);
      }
      // From here on the body must never go silent for longer than timeoutMs
      // (the SDK times only the wait for headers); every read renews it.
      call.arm('idle', () => {
        sdkController.abort();
      });
      yield [
        { type: 'stream-start', warnings: prepared.warnings },
        { type: 'response-metadata', headers },
      ];
      if (response.body === null) {
        body.read = true;
      } else {
        reader = response.body.getReader();
        yield* this.#readEvents(reader, sdkController, call, headers, prepared, body);
        return;
      }
      const parts: ChatStreamPart[] = [];
      new OpenAIStreamMapper({
        provider: this.provider,
        modelId: this.modelId,
        headers,
        secrets: prepared.secrets,
        tools: prepared.tools,
      }).end(parts);
      yield parts;
    } catch (error) {
      throw this.#failure(error, call.stopReason, prepared.secrets, 'stream');
    } finally {
      // A body not read to its end holds its socket: aborting the SDK's request closes it.
      if (!body.read) {
        controller?.abort();
        reader?.cancel().catch(() => undefined);
      }
      call.dispose();
    }
  }

  /**
   * Reads the event stream with core's `SseParser` and the shared mapper
   * (as `@org/llm-openai-http` does), handing ChatStream one batch of parts
   * per network read. Sets `body.read` once the body was read to its end.
   */
  async *#readEvents(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    controller: AbortController,
    call: CallControl,
    headers: Readonly<Record<string, string>>,
    prepared: PreparedCall,
    body: { read: boolean },
  ): AsyncGenerator<ChatStreamPart | readonly ChatStreamPart[]> {
    // A batch handed over is ChatStream's; a single part goes alone and the array is reused.
    let parts: ChatStreamPart[] = [];
    const mapper = new OpenAIStreamMapper({
      provider: this.provider,
      modelId: this.modelId,
      headers,
      secrets: prepared.secrets,
      tools: prepared.tools,
    });
    // One read may hold content and then a bad event: the content is
    // delivered first, then the failure (so it counts as after content).
    let failure: { readonly error: unknown } | undefined;
    const parser = new SseParser((event) => {
      if (failure !== undefined) return;
      try {
        mapper.push(event, parts);
      } catch (error) {
        failure = { error };
      }
    });
    for (;;) {
      let next: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw transportFailure(error);
      }
      const { done, value } = next;
      try {
        if (done) parser.end();
        else parser.feed(value);
      } catch (error) {
        failure ??= { error };
      }
      if (parts.length === 1) {
        yield parts[0]!;
        parts.length = 0;
      } else if (parts.length > 1) {
        yield parts;
        parts = [];
      }
      if (failure !== undefined) throw failure.error;
      if (done) {
        body.read = true;
        break;
      }
      call.touch();
      if (mapper.done) {
        body.read = await drainRest(call, reader, controller);
        break;
      }
    }
    mapper.end(parts);
    yield parts;
  }

  async #prepare(request: ChatRequest, stream: boolean): Promise<PreparedCall> {
    await validateChatRequest(request, { provider: this.provider, modelId: this.modelId });
    request.abortSignal?.throwIfAborted();
    const config = this.#config;
    const { body, warnings } = prepareOpenAIRequest(request, config, stream);
    checkRequestWarnings(warnings, {
      provider: this.provider,
      modelId: this.modelId,
      strict: config.strict,
    });
    const resolve = config.resolveApiKey;
    if (resolve === undefined && request.headers === undefined) {
      return {
        body,
        headers: config.headers,
        warnings,
        secrets: config.secrets,
        tools: request.tools,
      };
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
    return { body, headers, warnings, secrets, tools: request.tools };
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

  /** Parses a 2xx body; one that is not JSON is a `ResponseValidationError` naming its content type. */
  #parseJson(text: string, response: Response, secrets: readonly string[]): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not the parser's error: its message quotes the body, key and all.
      throw unexpectedBodyError({
        provider: this.provider,
        modelId: this.modelId,
        status: response.status,
        headers: response.headers,
        contentType: response.headers.get('content-type') ?? undefined,
        body: text,
        expected: 'json',
        secrets,
      });
    }
  }

  /**
   * The error of a 2xx answer to a stream request that is neither an event
   * stream nor JSON, with the start of its body (read up to 16 KB; the
   * caller closes the connection).
   */
  async #wrongContentType(
    response: Response,
    contentType: string,
    secrets: readonly string[],
  ): Promise<ResponseValidationError> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
    try {
      while (reader !== undefined && length < wrongBodyLimitBytes) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.byteLength;
      }
    } catch {
      // What arrived is enough to describe it.
    } finally {
      reader?.cancel().catch(() => undefined);
    }
    const whole = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return unexpectedBodyError({
      provider: this.provider,
      modelId: this.modelId,
      status: response.status,
      headers: response.headers,
      contentType,
      body: new TextDecoder().decode(whole),
      expected: 'event-stream',
      secrets,
    });
  }

  /**
   * The error a failed call rejects with: why the call was stopped (the
   * caller's abort reason, or the idle timeout), else the classified error.
   */
  #failure(
    error: unknown,
    stop: { readonly reason: unknown } | undefined,
    secrets: readonly string[],
    kind: 'generate' | 'stream',
  ): unknown {
    if (stop !== undefined) return stop.reason;
    const context: SdkErrorContext = {
      provider: this.provider,
      modelId: this.modelId,
      baseURL: this.#config.baseURL,
      secrets,
      timeout: (cause) => this.#timeoutError(kind, cause),
      capturesErrors: this.#config.capturesErrors,
    };
    return mapOpenAISdkError(error, context);
  }
}
