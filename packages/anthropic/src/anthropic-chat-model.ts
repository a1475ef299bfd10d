import {
  CallControl,
  checkRequestWarnings,
  headersToRecord,
  readResponseText,
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
  type ChatWarning,
  type ModelCapabilities,
} from '@org/llm-core';
import type { AnthropicMessage } from './anthropic-api.ts';
import type { AnthropicApiVersionFeatures } from './anthropic-api-version.ts';
import type { AnthropicModelSpec } from './anthropic-model-catalog.ts';
import { AnthropicStreamSource } from './anthropic-stream-source.ts';
import { isAnthropicMessage } from './is-anthropic-message.ts';
import { mapAnthropicError } from './map-anthropic-error.ts';
import { mapAnthropicResponse } from './map-anthropic-response.ts';
import {
  prepareAnthropicRequest,
  type PreparedAnthropicRequest,
} from './prepare-anthropic-request.ts';
import { releaseSdkRequest } from './release-sdk-request.ts';

/** The options the adapter passes with each SDK call. */
interface SdkCallOptions {
  readonly signal: AbortSignal | undefined;
  readonly headers: Record<string, string> | undefined;
}

/** What this adapter uses of the SDK's (unread) stream object: the controller of its request, and its iterator (see `releaseSdkRequest`). */
interface SdkStreamHandle extends AsyncIterable<unknown> {
  readonly controller: AbortController;
}

/** A call of the SDK, before its response is read. */
interface SdkCall extends PromiseLike<unknown> {
  asResponse(): Promise<Response>;
  withResponse(): Promise<{ readonly data: unknown; readonly response: Response }>;
}

/**
 * The part of the `@anthropic-ai/sdk` client this adapter uses, typed
 * structurally so that no SDK type appears in this package's declarations.
 */
export interface AnthropicSdkClient {
  readonly messages: {
    create(body: never, options: SdkCallOptions): SdkCall;
    countTokens(body: never, options: SdkCallOptions): SdkCall;
  };
}

/** Everything a model needs, resolved once by the provider. */
export interface AnthropicModelConfig {
  /** Provider id, e.g. `anthropic`. */
  readonly provider: string;
  /** The `model` field. */
  readonly modelId: string;
  /** What the adapter knows about the model (catalog, overrides or unknown-model defaults). */
  readonly spec: AnthropicModelSpec;
  /** Whether `spec` is known (catalog or caller) rather than the unknown-model defaults. */
  readonly specKnown: boolean;
  /** What the configured API version accepts. */
  readonly version: AnthropicApiVersionFeatures;
  /** The SDK client (built on first use, shared by the provider's models). */
  readonly client: () => AnthropicSdkClient;
  /** Base URL, for error messages. */
  readonly baseURL: string;
  /** See `AnthropicOptions.timeoutMs`. */
  readonly timeoutMs: number;
  /** Headers of every call of this model (the provider's headers are on the client). */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Resolves per call the header that carries a key given as a function. */
  readonly authHeaders: (() => Promise<Record<string, string>>) | undefined;
  /** Known secrets (the fixed API key), scrubbed from every error. */
  readonly secrets: readonly string[];
  /** Strict mode: a setting the model cannot honour exactly fails the call before it is sent. */
  readonly strict: boolean;
}

/** The answer of {@link AnthropicChatModel.countTokens}. */
export interface AnthropicTokenCount {
  /** Input tokens the request would use (messages, system prompt and tools). */
  readonly inputTokens: number;
  /** Settings of the request that could not be honoured exactly (as `generate` would report them). */
  readonly warnings: readonly ChatWarning[];
}

/** One call, prepared: the body and the per-call headers. */
interface PreparedCall extends PreparedAnthropicRequest {
  readonly callHeaders: Record<string, string> | undefined;
  readonly secrets: readonly string[];
}

/** The fields `POST /v1/messages/count_tokens` takes. */
const countTokensFields = [
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'cache_control',
  'speed',
] as const;

/**
 * A Claude model over the Messages API through `@anthropic-ai/sdk`. Made by
 * `createAnthropic`; not constructed directly.
 */
export class AnthropicChatModel implements ChatModel {
  /** Version of the `ChatModel` contract. */
  readonly specificationVersion = 'v1';
  /** Provider id, e.g. `anthropic`. */
  readonly provider: string;
  /** The model id. */
  readonly modelId: string;
  /** What the model can do. */
  readonly capabilities: ModelCapabilities;
  /** What the adapter knows about the model: limits, thinking, effort levels, structured output. */
  readonly spec: AnthropicModelSpec;
  readonly #config: AnthropicModelConfig;

  /** @param config Resolved by the provider. */
  constructor(config: AnthropicModelConfig, capabilities: ModelCapabilities) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.capabilities = capabilities;
    this.spec = config.spec;
    this.#config = config;
  }

  /** Generates a complete answer; see `ChatModel.generate`. */
  async generate(request: ChatRequest): Promise<ChatResult> {
    const prepared = await this.#prepare(request);
    const call = this.#control(request.abortSignal, 'generate');
    let sdkCall: SdkCall | undefined;
    try {
      const body = { ...prepared.body, stream: false };
      sdkCall = this.#config.client().messages.create(body as never, {
        signal: call.optionalSignal,
        headers: prepared.callHeaders,
      });
      const response = await sdkCall.asResponse();
      const data = this.#parseJson(await readResponseText(response, call), response, prepared);
      // A well-formed answer skips zod; anything else gets its verdict.
      const message = isAnthropicMessage(data) ? data : await this.#checkMessage(data);
      const result = mapAnthropicResponse(message, {
        provider: this.provider,
        modelId: this.modelId,
        headers: headersToRecord(response.headers),
        warnings: prepared.warnings,
        structuredOutput: prepared.structuredOutput,
        structuredToolName: prepared.structuredToolName,
        tools: prepared.body.tools,
      });
      return withCost(result, this.capabilities.pricing);
    } catch (error) {
      throw this.#failure(call, error, prepared);
    } finally {
      // The body is settled: let the SDK forget the request's signal (see releaseSdkRequest).
      if (sdkCall !== undefined && call.optionalSignal !== undefined) releaseSdkRequest(sdkCall);
      call.dispose();
    }
  }

  /** Streams an answer; see `ChatModel.stream`. */
  async stream(request: ChatRequest): Promise<ChatStream> {
    const prepared = await this.#prepare(request);
    const call = this.#control(request.abortSignal, 'stream');
    const source = new AnthropicStreamSource({
      call,
      warnings: prepared.warnings,
      context: {
        provider: this.provider,
        modelId: this.modelId,
        secrets: prepared.secrets,
        structuredOutput: prepared.structuredOutput,
        structuredToolName: prepared.structuredToolName,
        tools: prepared.body.tools,
      },
      start: async () => {
        // The SDK sends the request and throws its APIError for a failed
        // status; the body is ours to read (see AnthropicStreamSource). Its
        // stream object is never iterated: only its request's controller is
        // kept, to abort the request.
        const signal = call.optionalSignal;
        const { data, response } = await this.#config
          .client()
          .messages.create({ ...prepared.body, stream: true } as never, {
            signal,
            headers: prepared.callHeaders,
          })
          .withResponse();
        const sdkStream = data as SdkStreamHandle;
        return {
          response,
          controller: sdkStream.controller,
          headers: headersToRecord(response.headers),
          // Only a request sent with a signal is registered with the SDK.
          release:
            signal === undefined
              ? undefined
              : () => {
                  releaseSdkRequest(sdkStream);
                },
        };
      },
      failure: (error) => this.#failure(call, error, prepared),
    });
    return ChatStream.from(source, {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: request.abortSignal,
      pricing: this.capabilities.pricing,
    });
  }

  /**
   * Counts the input tokens of a request with Anthropic's
   * `POST /v1/messages/count_tokens` (messages, system prompt, tools and
   * thinking settings, converted as `generate` would send them). Free of
   * charge, but rate limited like other calls.
   */
  async countTokens(request: ChatRequest): Promise<AnthropicTokenCount> {
    const prepared = await this.#prepare(request);
    const call = this.#control(request.abortSignal, 'generate');
    try {
      const body: Record<string, unknown> = {};
      for (const field of countTokensFields) {
        if (prepared.body[field] !== undefined) body[field] = prepared.body[field];
      }
      const response = await this.#config
        .client()
        .messages.countTokens(body as never, {
          signal: call.optionalSignal,
          headers: prepared.callHeaders,
        })
        .asResponse();
      const data = this.#parseJson(await readResponseText(response, call), response, prepared);
      const inputTokens = (data as { input_tokens?: unknown } | null)?.input_tokens;
      if (typeof inputTokens === 'number') return { inputTokens, warnings: prepared.warnings };
      // Anything else gets the schema's verdict and names the field.
      const { anthropicTokenCountSchema, parseAnthropicResponse } =
        await import('./anthropic-api.ts');
      const count = parseAnthropicResponse(anthropicTokenCountSchema, data, {
        provider: this.provider,
        modelId: this.modelId,
        what: 'token count',
      });
      return { inputTokens: count.input_tokens, warnings: prepared.warnings };
    } catch (error) {
      throw this.#failure(call, error, prepared);
    } finally {
      call.dispose();
    }
  }

  async #prepare(request: ChatRequest): Promise<PreparedCall> {
    await validateChatRequest(request, { provider: this.provider, modelId: this.modelId });
    request.abortSignal?.throwIfAborted();
    const config = this.#config;
    const prepared = prepareAnthropicRequest(request, {
      provider: this.provider,
      modelId: this.modelId,
      spec: config.spec,
      specKnown: config.specKnown,
      version: config.version,
    });
    checkRequestWarnings(prepared.warnings, {
      provider: this.provider,
      modelId: this.modelId,
      strict: config.strict,
    });
    if (
      config.headers === undefined &&
      config.authHeaders === undefined &&
      request.headers === undefined &&
      prepared.betas === undefined
    ) {
      return { ...prepared, callHeaders: undefined, secrets: config.secrets };
    }
    const callHeaders: Record<string, string> = { ...config.headers };
    let secrets = config.secrets;
    if (config.authHeaders !== undefined) {
      const auth = await config.authHeaders();
      Object.assign(callHeaders, auth);
      secrets = [...secrets, ...Object.values(auth).map((value) => value.replace(/^Bearer /, ''))];
    }
    if (prepared.betas !== undefined) callHeaders['anthropic-beta'] = prepared.betas.join(',');
    if (request.headers !== undefined) Object.assign(callHeaders, request.headers);
    return { ...prepared, callHeaders, secrets };
  }

  /**
   * An answer `isAnthropicMessage` did not accept, checked by the zod schema
   * (which decides, reads server-tool blocks as `other` and names a bad
   * field). The schemas, and zod, are loaded here on first need only.
   */
  async #checkMessage(data: unknown): Promise<AnthropicMessage> {
    const { anthropicMessageSchema, parseAnthropicResponse } = await import('./anthropic-api.ts');
    return parseAnthropicResponse(anthropicMessageSchema, data, {
      provider: this.provider,
      modelId: this.modelId,
      what: 'message',
    });
  }

  /** Parses a 2xx body; one that is not JSON is a `ResponseValidationError` naming its content type. */
  #parseJson(text: string, response: Response, prepared: PreparedCall): unknown {
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
        secrets: prepared.secrets,
      });
    }
  }

  #control(signal: AbortSignal | undefined, kind: 'generate' | 'stream'): CallControl {
    const { timeoutMs } = this.#config;
    return new CallControl(signal, timeoutMs, () => {
      const what =
        kind === 'generate'
          ? `did not complete the answer within ${timeoutMs} ms`
          : `sent no response or stream event for ${timeoutMs} ms`;
      return new TimeoutError(
        `${this.provider} ${what} (model '${this.modelId}'); raise timeoutMs if the model needs longer.`,
        { provider: this.provider, modelId: this.modelId, phase: 'request', timeoutMs },
      );
    });
  }

  /** The error a failed call rejects with: the abort reason when aborted, else a classified error. */
  #failure(call: CallControl, error: unknown, prepared: PreparedCall): unknown {
    const stop = call.stopReason;
    if (stop !== undefined) return stop.reason;
    if (ConfigError.isInstance(error)) return error;
    return mapAnthropicError(error, {
      provider: this.provider,
      modelId: this.modelId,
      baseURL: this.#config.baseURL,
      timeoutMs: this.#config.timeoutMs,
      secrets: prepared.secrets,
      ids: prepared.ids,
    });
  }
}
