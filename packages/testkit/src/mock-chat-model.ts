import {
  ChatStream,
  ConfigError,
  createUsage,
  validateChatRequest,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
  type ChatWarning,
  type FinishReason,
  type ModelCapabilities,
  type UnifiedFinishReason,
  type Usage,
} from '@org/llm-core';

/** A tool call a {@link MockReply} makes. */
export interface MockToolCall {
  /** Id of the call; by default `call_<model call number>_<n>`, unique within a model. */
  readonly toolCallId?: string | undefined;
  /** The called tool. */
  readonly toolName: string;
  /** The arguments (any JSON value). */
  readonly input: unknown;
}

/** A scripted answer of a {@link MockChatModel}. */
export interface MockReply {
  /** The answer text. */
  readonly text?: string | undefined;
  /** Text deltas to stream, in order; their concatenation is the text. Default: `text` split after each space. */
  readonly chunks?: readonly string[] | undefined;
  /** Reasoning to emit before the text, with an optional signature. */
  readonly reasoning?: string | { readonly text: string; readonly signature?: string } | undefined;
  /** Tool calls to emit after the text. */
  readonly toolCalls?: readonly MockToolCall[] | undefined;
  /** Finish reason; default `tool-calls` when there are tool calls, else `stop`. */
  readonly finishReason?: UnifiedFinishReason | FinishReason | undefined;
  /** Usage to report; default 10 input tokens and one output token per chunk. */
  readonly usage?: Partial<Usage> | undefined;
  /** Warnings to report. */
  readonly warnings?: readonly ChatWarning[] | undefined;
  /** Stream only: after this many text chunks, fail with `error` (generate fails at once). */
  readonly failAfterChunks?: { readonly chunks: number; readonly error: unknown } | undefined;
  /** Stream only: after this many text chunks, send nothing more until the request is aborted. */
  readonly stallAfterChunks?: number | undefined;
}

/** Makes the call fail with `error`: before any part when streaming, or as generate's rejection. */
export interface MockFailure {
  readonly error: unknown;
}

/** Exact stream parts to emit, in order (for testing invariant checks and custom sequences). */
export interface MockParts {
  readonly parts: readonly ChatStreamPart[];
}

/** One scripted response: text, a reply, a failure, or raw parts. */
export type MockResponse = string | MockReply | MockFailure | MockParts;

/** A recorded call to a {@link MockChatModel}. */
export interface MockCall {
  /** `generate` or `stream`. */
  readonly operation: 'generate' | 'stream';
  /** The request as the model received it. */
  readonly request: ChatRequest;
}

/** Options of {@link MockChatModel}. */
export interface MockChatModelOptions {
  /** Provider id; default `mock`. */
  readonly provider?: string | undefined;
  /** Model id; default `mock-model`. */
  readonly modelId?: string | undefined;
  /** Capabilities; every flag defaults to true. With `pricing`, every result carries its `cost`. */
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
  /** Responses for successive calls, in order (see also {@link MockChatModel.enqueue}). */
  readonly responses?: readonly MockResponse[] | undefined;
  /** Computes the response of each call; used when the queue is empty. */
  readonly respond?:
    | ((
        request: ChatRequest,
        call: MockCall & { readonly index: number },
      ) => MockResponse | Promise<MockResponse>)
    | undefined;
  /** Delay before each stream part, in ms (timers, so fake timers control it); default 0. */
  readonly partDelayMs?: number | undefined;
  /** Extra delay before the first part (and before generate resolves), in ms; default 0. */
  readonly firstPartDelayMs?: number | undefined;
  /** Check requests with `validateChatRequest`, as real adapters do; default true. */
  readonly validateRequests?: boolean | undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) return; // Stalls forever, like a silent server.
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    signal.addEventListener(
      'abort',
      () => {
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

function splitText(text: string): string[] {
  return text.match(/\S*\s*/g)?.filter((chunk) => chunk !== '') ?? [];
}

const isFailure = (response: MockResponse): response is MockFailure =>
  typeof response === 'object' && 'error' in response;
const isParts = (response: MockResponse): response is MockParts =>
  typeof response === 'object' && 'parts' in response;

/**
 * A scripted {@link ChatModel} for tests: queue responses (or compute them
 * with `respond`), inspect `calls`, make it fail with any error, slow it
 * down part by part, or stall it mid-stream. It validates requests like a
 * real adapter and honours abort signals, so app code sees real behaviour.
 *
 * @example
 * const model = new MockChatModel({ responses: ['Hello!', { error: new RateLimitError('slow down', { kind: 'throttled' }) }] });
 */
export class MockChatModel implements ChatModel {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly #queue: MockResponse[];
  readonly #respond: MockChatModelOptions['respond'];
  readonly #partDelayMs: number;
  readonly #firstPartDelayMs: number;
  readonly #validate: boolean;
  readonly #calls: MockCall[] = [];

  constructor(options: MockChatModelOptions = {}) {
    this.provider = options.provider ?? 'mock';
    this.modelId = options.modelId ?? 'mock-model';
    this.capabilities = {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: true,
      ...options.capabilities,
    };
    this.#queue = [...(options.responses ?? [])];
    this.#respond = options.respond;
    this.#partDelayMs = options.partDelayMs ?? 0;
    this.#firstPartDelayMs = options.firstPartDelayMs ?? 0;
    this.#validate = options.validateRequests ?? true;
  }

  /** Every call so far, in order. */
  get calls(): readonly MockCall[] {
    return this.#calls;
  }

  /** The last call's request; throws if there was none. */
  get lastRequest(): ChatRequest {
    const last = this.#calls.at(-1);
    if (last === undefined) throw new ConfigError('MockChatModel has not been called yet.');
    return last.request;
  }

  /** Adds responses for the next calls. */
  enqueue(...responses: MockResponse[]): this {
    this.#queue.push(...responses);
    return this;
  }

  async #next(operation: MockCall['operation'], request: ChatRequest): Promise<MockResponse> {
    if (this.#validate)
      await validateChatRequest(request, { provider: this.provider, modelId: this.modelId });
    const call: MockCall = { operation, request };
    const index = this.#calls.push(call) - 1;
    if (request.abortSignal?.aborted === true) throw request.abortSignal.reason;
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    if (this.#respond !== undefined) return this.#respond(request, { ...call, index });
    throw new ConfigError(
      `MockChatModel has no response for call #${index + 1}: enqueue() one or pass 'respond'.`,
    );
  }

  async *#parts(
    response: MockReply | MockParts | string,
    signal: AbortSignal | undefined,
    live: boolean,
  ): AsyncGenerator<ChatStreamPart> {
    const delay = async (first: boolean): Promise<void> => {
      if (live) await sleep(this.#partDelayMs + (first ? this.#firstPartDelayMs : 0), signal);
    };
    if (isParts(response)) {
      let first = true;
      for (const part of response.parts) {
        await delay(first);
        first = false;
        yield part;
      }
      return;
    }
    const reply: MockReply = typeof response === 'string' ? { text: response } : response;
    const chunks = reply.chunks ?? splitText(reply.text ?? '');
    const callIndex = this.#calls.length;

    await delay(true);
    yield { type: 'stream-start', warnings: reply.warnings ?? [] };
    await delay(false);
    yield { type: 'response-metadata', id: `mock-response-${callIndex}`, modelId: this.modelId };
    if (reply.reasoning !== undefined) {
      const reasoning =
        typeof reply.reasoning === 'string' ? { text: reply.reasoning } : reply.reasoning;
      yield { type: 'reasoning-start', id: 'reasoning-0' };
      await delay(false);
      yield { type: 'reasoning-delta', id: 'reasoning-0', delta: reasoning.text };
      yield {
        type: 'reasoning-end',
        id: 'reasoning-0',
        signature: 'signature' in reasoning ? reasoning.signature : undefined,
      };
    }
    if (
      chunks.length > 0 ||
      reply.stallAfterChunks !== undefined ||
      reply.failAfterChunks !== undefined
    ) {
      yield { type: 'text-start', id: 'text-0' };
      for (let index = 0; ; index++) {
        if (live && reply.stallAfterChunks === index) await waitForAbort(signal);
        if (live && reply.failAfterChunks?.chunks === index) throw reply.failAfterChunks.error;
        if (index >= chunks.length) break;
        await delay(false);
        yield { type: 'text-delta', id: 'text-0', delta: chunks[index]! };
      }
      yield { type: 'text-end', id: 'text-0' };
    }
    const calls = reply.toolCalls ?? [];
    for (const [index, call] of calls.entries()) {
      const toolCallId = call.toolCallId ?? `call_${callIndex}_${index + 1}`;
      await delay(false);
      yield { type: 'tool-call-start', toolCallId, toolName: call.toolName };
      yield { type: 'tool-call-delta', toolCallId, delta: JSON.stringify(call.input) };
      yield { type: 'tool-call-end', toolCallId };
      yield { type: 'tool-call', toolCallId, toolName: call.toolName, input: call.input };
    }
    const finishReason: FinishReason =
      typeof reply.finishReason === 'object'
        ? reply.finishReason
        : {
            unified: reply.finishReason ?? (calls.length > 0 ? 'tool-calls' : 'stop'),
            raw: undefined,
          };
    await delay(false);
    yield {
      type: 'finish',
      finishReason,
      usage: createUsage({
        inputTokens: 10,
        outputTokens: chunks.length + calls.length,
        ...reply.usage,
      }),
    };
  }

  async generate(request: ChatRequest): Promise<ChatResult> {
    const response = await this.#next('generate', request);
    if (isFailure(response)) throw response.error;
    const reply = typeof response === 'object' && !isParts(response) ? response : undefined;
    await sleep(this.#firstPartDelayMs, request.abortSignal);
    if (reply?.failAfterChunks !== undefined) throw reply.failAfterChunks.error;
    if (reply?.stallAfterChunks !== undefined) await waitForAbort(request.abortSignal);
    const stream = await ChatStream.from(this.#parts(response, request.abortSignal, false), {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: request.abortSignal,
      pricing: this.capabilities.pricing,
    });
    return stream.final();
  }

  async stream(request: ChatRequest): Promise<ChatStream> {
    const response = await this.#next('stream', request);
    if (isFailure(response)) throw response.error;
    return ChatStream.from(this.#parts(response, request.abortSignal, true), {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: request.abortSignal,
      pricing: this.capabilities.pricing,
    });
  }
}
