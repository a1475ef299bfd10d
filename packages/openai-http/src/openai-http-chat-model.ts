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
  CallControl,
  checkRequestWarnings,
  classifyHttpFailure,
  resultToStreamParts,
  SseParser,
  unexpectedBodyError,
  withCost,
} from '@org/llm-core/adapter-kit';
import {
  mapOpenAIResponse,
  OpenAIStreamMapper,
  prepareOpenAIRequest,
  type MaxTokensParameter,
} from '@org/llm-openai-compat';
import type { HttpResponse, HttpTransport } from './http-transport.ts';
import { mapOpenAITransportError } from './map-openai-transport-error.ts';

/** Everything a model needs, resolved once by the provider. */
export interface OpenAIHttpModelConfig {
  /** Provider id. */
  readonly provider: string;
  /** Model id (the `model` field; the deployment on Azure). */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  /** Absolute URL of the chat completions endpoint. */
  readonly url: string;
  /** Sends requests. */
  readonly transport: HttpTransport;
  /** See `OpenAIHttpOptions.timeoutMs`. */
  readonly timeoutMs: number;
  /** Headers sent with every request, the API key included when it is a fixed string. */
  readonly headers: Readonly<Record<string, string>>;
  /** Resolves the API key per request, when it is a function. */
  readonly resolveApiKey: (() => string | Promise<string>) | undefined;
  /** Header that carries the key: `authorization` (`Bearer <key>`) or Azure's `api-key`. */
  readonly apiKeyHeader: 'authorization' | 'api-key';
  /** Known secrets (the fixed API key), scrubbed from every error. */
  readonly secrets: readonly string[];
  /** Field for `maxOutputTokens`. */
  readonly maxTokensParameter: MaxTokensParameter;
  /** Strict mode: a setting the model cannot honour exactly fails the call before it is sent. */
  readonly strict: boolean;
}

/** What one call sends. */
interface PreparedCall {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
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
/** After `[DONE]`, how long the rest of the body may take before the socket is closed instead of reused. */
const drainTimeoutMs = 250;
/** After `[DONE]`, how many more bytes are read to reuse the socket before closing it instead. */
const drainLimitBytes = 64 * 1024;

/**
 * Reads what follows `[DONE]` (normally just the end of the chunked body) so
 * the connection goes back to the pool instead of being closed; a server that
 * keeps the body open gets `drainTimeoutMs`, then the socket is dropped. The
 * answer is complete either way: this never fails the stream.
 *
 * @returns Whether the body was read to its end.
 */
async function drainRest(call: CallControl, response: HttpResponse): Promise<boolean> {
  call.arm(drainTimeoutMs);
  let bytes = 0;
  try {
    for (let chunk = await response.next(); chunk !== undefined; chunk = await response.next()) {
      bytes += chunk.byteLength;
      if (bytes > drainLimitBytes) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * A Chat Completions model over HTTP. Both transports (undici, fetch) share
 * everything here; only {@link OpenAIHttpModelConfig.transport} differs.
 * Made by `createOpenAIHttp`; not constructed directly.
 */
export class OpenAIHttpChatModel implements ChatModel {
  /** Version of the `ChatModel` contract. */
  readonly specificationVersion = 'v1';
  /** Provider id, e.g. `openai`, `azure`, `groq`. */
  readonly provider: string;
  /** The model id. */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  readonly #config: OpenAIHttpModelConfig;
  readonly #jsonHeaders: Readonly<Record<string, string>>;
  readonly #streamHeaders: Readonly<Record<string, string>>;

  /** @param config Resolved by the provider. */
  constructor(config: OpenAIHttpModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.capabilities = config.capabilities;
    this.#config = config;
    this.#jsonHeaders = { ...config.headers, accept: 'application/json' };
    this.#streamHeaders = { ...config.headers, accept: 'text/event-stream' };
  }

  /** Generates a complete answer; see `ChatModel.generate`. */
  async generate(request: ChatRequest): Promise<ChatResult> {
    const prepared = await this.#prepare(request, false);
    const call = this.#control(request.abortSignal, 'generate');
    try {
      const response = await this.#send(call, prepared);
      const text = await this.#readText(response, prepared.secrets);
      const result = await mapOpenAIResponse(this.#parseJson(text, response, prepared.secrets), {
        provider: this.provider,
        modelId: this.modelId,
        headers: response.headers,
        warnings: prepared.warnings,
        secrets: prepared.secrets,
        tools: prepared.tools,
      });
      return withCost(result, this.capabilities.pricing);
    } catch (error) {
      throw this.#failure(call, error);
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
    const call = this.#control(signal, 'stream');
    let response: HttpResponse | undefined;
    let bodyRead = false;
    try {
      response = await this.#send(call, prepared);
      const contentType = response.headers['content-type'];
      if (contentType !== undefined && jsonContentType.test(contentType)) {
        // Some compatible servers answer a stream request with one JSON body.
        const text = await this.#readText(response, prepared.secrets);
        bodyRead = true;
        const result = await mapOpenAIResponse(this.#parseJson(text, response, prepared.secrets), {
          provider: this.provider,
          modelId: this.modelId,
          headers: response.headers,
          warnings: prepared.warnings,
          secrets: prepared.secrets,
          tools: prepared.tools,
        });
        yield* resultToStreamParts(result);
        return;
      }
      if (contentType !== undefined && !eventStreamContentType.test(contentType)) {
        // An HTML page or plain text with a 2xx (a captive portal, a proxy, a wrong baseURL).
        throw await this.#wrongContentType(response, contentType, prepared.secrets);
      }
      yield [
        { type: 'stream-start', warnings: prepared.warnings },
        { type: 'response-metadata', headers: response.headers },
      ];
      // The parts of one network read go to ChatStream as one batch: one
      // async step per read rather than per part. A batch handed over is
      // ChatStream's; a single part goes alone and the array is reused.
      let parts: ChatStreamPart[] = [];
      const mapper = new OpenAIStreamMapper({
        provider: this.provider,
        modelId: this.modelId,
        headers: response.headers,
        secrets: prepared.secrets,
        tools: prepared.tools,
      });
      // One network read may hold content and then a bad event: the content
      // is delivered first, then the failure (so it counts as after content).
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
        let chunk: Uint8Array | undefined;
        try {
          chunk = await response.next();
        } catch (error) {
          throw this.#transportError(error, prepared.secrets);
        }
        const ended = chunk === undefined;
        try {
          if (chunk === undefined) parser.end();
          else parser.feed(chunk);
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
        if (ended) {
          bodyRead = true;
          break;
        }
        call.touch();
        if (mapper.done) {
          bodyRead = await drainRest(call, response);
          break;
        }
      }
      mapper.end(parts);
      yield parts;
    } catch (error) {
      throw this.#failure(call, error);
    } finally {
      // A body not read to its end holds its socket: close it.
      if (response !== undefined && !bodyRead) response.destroy();
      call.dispose();
    }
  }

  async #prepare(request: ChatRequest, stream: boolean): Promise<PreparedCall> {
    await validateChatRequest(request, { provider: this.provider, modelId: this.modelId });
    request.abortSignal?.throwIfAborted();
    const { body, warnings } = prepareOpenAIRequest(request, this.#config, stream);
    checkRequestWarnings(warnings, {
      provider: this.provider,
      modelId: this.modelId,
      strict: this.#config.strict,
    });
    const base = stream ? this.#streamHeaders : this.#jsonHeaders;
    const resolve = this.#config.resolveApiKey;
    if (resolve === undefined && request.headers === undefined) {
      return {
        body: JSON.stringify(body),
        headers: base,
        warnings,
        secrets: this.#config.secrets,
        tools: request.tools,
      };
    }
    const headers: Record<string, string> = { ...base };
    let secrets = this.#config.secrets;
    if (resolve !== undefined) {
      const key = await this.#resolveKey(resolve);
      headers[this.#config.apiKeyHeader] =
        this.#config.apiKeyHeader === 'api-key' ? key : `Bearer ${key}`;
      secrets = [...secrets, key];
    }
    if (request.headers !== undefined) {
      for (const name of Object.keys(request.headers))
        headers[name.toLowerCase()] = request.headers[name]!;
    }
    return { body: JSON.stringify(body), headers, warnings, secrets, tools: request.tools };
  }

  async #resolveKey(resolve: () => string | Promise<string>): Promise<string> {
    let key: unknown;
    try {
      key = await resolve();
    } catch (error) {
      throw new ConfigError(
        `The apiKey function of ${this.provider} failed; it must return the API key.`,
        {
          provider: this.provider,
          modelId: this.modelId,
          cause: error,
        },
      );
    }
    if (typeof key !== 'string' || key === '') {
      throw new ConfigError(
        `The apiKey function of ${this.provider} returned no key; it must return a non-empty string.`,
        {
          provider: this.provider,
          modelId: this.modelId,
        },
      );
    }
    return key;
  }

  #control(signal: AbortSignal | undefined, kind: 'generate' | 'stream'): CallControl {
    const { timeoutMs } = this.#config;
    const call = new CallControl(signal, timeoutMs, () => {
      const what =
        kind === 'generate'
          ? `did not complete the answer within ${timeoutMs} ms`
          : `sent no response or stream data for ${timeoutMs} ms`;
      return new TimeoutError(
        `${this.provider} ${what} (model '${this.modelId}'); raise timeoutMs if the model needs longer.`,
        { provider: this.provider, modelId: this.modelId, phase: 'request', timeoutMs },
      );
    });
    // Our transport has no timer of its own: the deadline covers the headers
    // too. A generate never touches it (the whole answer within timeoutMs);
    // a stream touches it per read (never silent for longer).
    call.arm('idle');
    return call;
  }

  /** Sends the request; resolves with a 2xx response, throws the classified error for any other status. */
  async #send(call: CallControl, prepared: PreparedCall): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await this.#config.transport({
        url: this.#config.url,
        headers: prepared.headers,
        body: prepared.body,
        signal: call.signal,
      });
    } catch (error) {
      throw this.#transportError(error, prepared.secrets);
    }
    if (response.status >= 200 && response.status < 300) return response;
    let body: string | undefined;
    try {
      body = await response.text();
    } catch {
      // The body broke off: classify by status and headers alone.
      response.destroy();
    }
    throw classifyHttpFailure(response.status, response.headers, body, {
      provider: this.provider,
      modelId: this.modelId,
      secrets: prepared.secrets,
    });
  }

  /** The whole body as text; a failure to read it is the transport's. */
  async #readText(response: HttpResponse, secrets: readonly string[]): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.#transportError(error, secrets);
    }
  }

  /** Parses a 2xx body; one that is not JSON is a `ResponseValidationError` naming its content type. */
  #parseJson(text: string, response: HttpResponse, secrets: readonly string[]): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not the parser's error: its message quotes the body, key and all.
      throw unexpectedBodyError({
        provider: this.provider,
        modelId: this.modelId,
        status: response.status,
        headers: response.headers,
        contentType: response.headers['content-type'],
        body: text,
        expected: 'json',
        secrets,
      });
    }
  }

  /**
   * The error of a 2xx answer to a stream request that is neither an event
   * stream nor JSON, with the start of its body (read up to 16 KB, then the
   * connection is closed).
   */
  async #wrongContentType(
    response: HttpResponse,
    contentType: string,
    secrets: readonly string[],
  ): Promise<ResponseValidationError> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    try {
      for (let chunk = await response.next(); chunk !== undefined; chunk = await response.next()) {
        chunks.push(chunk);
        length += chunk.byteLength;
        if (length >= wrongBodyLimitBytes) break;
      }
    } catch {
      // What arrived is enough to describe it.
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

  /** A failure the transport reported (the request, or a read of the body): a ConnectionError or TimeoutError. */
  #transportError(error: unknown, secrets: readonly string[]): unknown {
    return mapOpenAITransportError(error, {
      provider: this.provider,
      modelId: this.modelId,
      url: this.#config.url,
      secrets,
    });
  }

  /**
   * The error a failed call rejects with: the abort reason (or the
   * timeout) when the call was stopped, else the error as it is. Transport
   * failures were classified where they happened; anything else is one of
   * our own errors or a bug, which surfaces as itself rather than as a
   * ConnectionError that retries would take for a network fault.
   */
  #failure(call: CallControl, error: unknown): unknown {
    const stop = call.stopReason;
    return stop === undefined ? error : stop.reason;
  }
}
