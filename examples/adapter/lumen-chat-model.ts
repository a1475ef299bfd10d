// docs/guides/writing-an-adapter.md: a ChatModel for the Lumen wire, built
// on @org/llm-core and its adapter kit.
import {
  ChatStream,
  ConnectionError,
  LlmError,
  ResponseValidationError,
  TimeoutError,
  createUsage,
  validateChatRequest,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
  type ChatWarning,
  type FinishReason,
  type ModelCapabilities,
  type Usage,
} from '@org/llm-core';
import {
  CallControl,
  checkRequestWarnings,
  classifyErrorPayload,
  classifyHttpFailure,
  headersToRecord,
  redactError,
  redactSecrets,
  withCost,
  type FailureContext,
} from '@org/llm-core/adapter-kit';
import { lumenResponseSchema, type LumenResponse } from './lumen-api.ts';
import { prepareLumenRequest } from './prepare-lumen-request.ts';
import { readLumenEvents } from './read-lumen-events.ts';

/** Everything a model needs, resolved once by `createLumen`. */
export interface LumenModelConfig {
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  /** The absolute URL of `POST /v1/generate`. */
  readonly url: string;
  readonly apiKey: string;
  /** Sends requests; tests and proxies replace it. */
  readonly fetch: typeof globalThis.fetch;
  /** How long a whole answer, or a silence in a stream, may take, in milliseconds. */
  readonly timeoutMs: number;
  /** Strict mode: a setting Lumen cannot take fails the call instead of a warning. */
  readonly strict: boolean;
}

/** What one call sends. */
interface PreparedCall {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly warnings: readonly ChatWarning[];
}

/** Lumen's `stop_reason` as a finish reason every layer understands. */
function finishReason(raw: string | undefined): FinishReason {
  return { unified: raw === 'end' ? 'stop' : raw === 'length' ? 'length' : 'other', raw };
}

function lumenUsage(usage: LumenResponse['usage']): Usage {
  return createUsage({ inputTokens: usage?.input_tokens, outputTokens: usage?.output_tokens });
}

/** A Lumen model. Made by `createLumen`. */
export class LumenChatModel implements ChatModel {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly #config: LumenModelConfig;
  /** Who answers: the fields of every error. */
  readonly #who: { readonly provider: string; readonly modelId: string };
  /** The same, with the key the classifier scrubs from whatever the provider sent back. */
  readonly #failureContext: FailureContext;

  constructor(config: LumenModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.capabilities = config.capabilities;
    this.#config = config;
    this.#who = { provider: config.provider, modelId: config.modelId };
    this.#failureContext = { ...this.#who, secrets: [config.apiKey] };
  }

  async generate(request: ChatRequest): Promise<ChatResult> {
    const prepared = await this.#prepare(request, false);
    const call = this.#control(request.abortSignal);
    try {
      const response = await this.#send(call, prepared);
      const answer = this.#parseAnswer(await response.text(), response.headers);
      const text = answer.output.text;
      return withCost(
        {
          content: text === '' ? [] : [{ type: 'text', text }],
          text,
          toolCalls: [],
          finishReason: finishReason(answer.stop_reason),
          usage: lumenUsage(answer.usage),
          response: {
            id: answer.id,
            modelId: answer.model,
            headers: headersToRecord(response.headers),
          },
          warnings: prepared.warnings,
        },
        this.capabilities.pricing,
      );
    } catch (error) {
      throw this.#failure(call, error);
    } finally {
      call.dispose();
    }
  }

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
  ): AsyncGenerator<ChatStreamPart | ChatStreamPart[]> {
    const call = this.#control(signal);
    try {
      const response = await this.#send(call, prepared);
      if (response.body === null) throw this.#invalid('an empty body');
      yield [
        { type: 'stream-start', warnings: prepared.warnings },
        { type: 'response-metadata', headers: headersToRecord(response.headers) },
      ];
      let textOpen = false;
      for await (const events of readLumenEvents(response.body, this.#who)) {
        call.touch();
        // The parts of one network read go to ChatStream in one batch.
        const parts: ChatStreamPart[] = [];
        for (const event of events) {
          switch (event.type) {
            case 'start':
              parts.push({ type: 'response-metadata', id: event.id, modelId: event.model });
              break;
            case 'delta':
              if (!textOpen) parts.push({ type: 'text-start', id: 'text-0' });
              textOpen = true;
              parts.push({ type: 'text-delta', id: 'text-0', delta: event.text });
              break;
            case 'end':
              if (textOpen) parts.push({ type: 'text-end', id: 'text-0' });
              parts.push({
                type: 'finish',
                finishReason: finishReason(event.stop_reason),
                usage: lumenUsage(event.usage),
              });
              yield parts;
              return;
            case 'error':
              yield parts;
              throw classifyErrorPayload(event.error, response.headers, this.#failureContext);
          }
        }
        yield parts;
      }
      // The body ended without its `end` event: the connection closed early.
      throw new ConnectionError(
        `${this.provider} closed the stream before its end event; retrying may succeed.`,
        this.#who,
      );
    } catch (error) {
      throw this.#failure(call, error);
    } finally {
      call.dispose();
    }
  }

  /** Checks the request, converts it, and deals with its warnings before anything is sent. */
  async #prepare(request: ChatRequest, stream: boolean): Promise<PreparedCall> {
    await validateChatRequest(request, this.#who);
    request.abortSignal?.throwIfAborted();
    const { body, warnings } = prepareLumenRequest(request, this.#who, stream);
    checkRequestWarnings(warnings, { ...this.#who, strict: this.#config.strict });
    return {
      body: JSON.stringify(body),
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        authorization: `Bearer ${this.#config.apiKey}`,
      },
      warnings,
    };
  }

  /** The caller's abort signal and the deadline, as one per-call signal. */
  #control(signal: AbortSignal | undefined): CallControl {
    const { timeoutMs } = this.#config;
    const call = new CallControl(
      signal,
      timeoutMs,
      () =>
        new TimeoutError(
          `${this.provider} sent nothing for ${String(timeoutMs)} ms (model '${this.modelId}'); raise timeoutMs if the model needs longer.`,
          { ...this.#who, phase: 'request', timeoutMs },
        ),
    );
    // A generate never touches it (the whole answer within timeoutMs); a stream touches it per read.
    call.arm('idle');
    return call;
  }

  /** Sends the request; resolves with a 2xx response, throws the classified error otherwise. */
  async #send(call: CallControl, prepared: PreparedCall): Promise<Response> {
    const response = await this.#config.fetch(this.#config.url, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
      signal: call.signal,
    });
    if (response.ok) return response;
    const body = await response.text().catch(() => undefined);
    throw classifyHttpFailure(response.status, response.headers, body, this.#failureContext);
  }

  #parseAnswer(text: string, headers: Headers): LumenResponse {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.#invalid(`a body that is not JSON (${headers.get('content-type') ?? 'no type'})`);
    }
    const parsed = lumenResponseSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw this.#invalid(`an answer without a valid ${issue.path.join('.')} (${issue.message})`);
  }

  #invalid(what: string): ResponseValidationError {
    return new ResponseValidationError(`${this.provider} sent ${what}.`, this.#who);
  }

  /**
   * What a failed call rejects with: the abort reason or the timeout when
   * the call was stopped; our own errors as they are; anything fetch threw
   * (refused, reset, a body cut short) as a retryable ConnectionError
   * holding a redacted copy of it.
   */
  #failure(call: CallControl, error: unknown): unknown {
    const stop = call.stopReason;
    if (stop !== undefined) return stop.reason;
    if (LlmError.isInstance(error)) return error;
    const secrets = [this.#config.apiKey];
    const detail =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return new ConnectionError(
      redactSecrets(
        `Could not complete the request to ${this.provider} at ${this.#config.url}${detail === '' ? '' : `: ${detail}`}. Retrying may succeed.`,
        secrets,
      ),
      { ...this.#who, cause: redactError(error, secrets) },
    );
  }
}
