import { ConnectionError, type ChatStreamPart, type ChatWarning } from '@org/llm-core';
import type { CallControl } from '@org/llm-core/adapter-kit';
import {
  AnthropicStreamMapper,
  type AnthropicStreamContext,
  type AnthropicStreamEvent,
} from './anthropic-stream-mapper.ts';

/** What this adapter uses of the SDK's stream object: its events and the controller of its request. */
export interface SdkStream extends AsyncIterable<AnthropicStreamEvent> {
  readonly controller: AbortController;
}

/** What {@link AnthropicStreamSource} needs. */
export interface AnthropicStreamSourceOptions {
  /** Sends the request; resolves with the SDK stream and the response headers (lower-case names). */
  readonly start: () => Promise<{
    readonly stream: SdkStream;
    readonly headers: Readonly<Record<string, string>>;
  }>;
  /** The call's cancellation and deadline. */
  readonly call: CallControl;
  /** Warnings of the request mapping, for the `stream-start` part. */
  readonly warnings: readonly ChatWarning[];
  /** The mapper's context, but the headers (known once the response arrives). */
  readonly context: Omit<AnthropicStreamContext, 'headers'>;
  /** Turns any failure into the error the stream rejects with. */
  readonly failure: (error: unknown) => unknown;
}

const done: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** After `message_stop`, how long the rest of the body may take before the connection is closed instead of reused. */
const drainTimeoutMs = 1000;

/**
 * The parts of one streamed answer, as the source `ChatStream.from` reads.
 * Written as a plain iterator rather than an async generator: parts of one
 * event are handed out from a buffer with an already-settled promise, and an
 * event costs one `then` on the SDK's iterator, which keeps the per-event
 * cost next to the SDK's own (see bench/anthropic-vs-sdk.bench.ts).
 *
 * `return()` (called by `ChatStream` after `finish`, or when the reader
 * stops early) releases the request: after a complete answer the rest of the
 * body is read so the connection can be reused; otherwise the SDK request is
 * aborted, which frees the socket.
 */
export class AnthropicStreamSource
  implements AsyncIterator<ChatStreamPart>, AsyncIterable<ChatStreamPart>
{
  readonly #options: AnthropicStreamSourceOptions;
  readonly #parts: ChatStreamPart[] = [];
  #index = 0;
  #phase: 'new' | 'open' | 'closed' = 'new';
  #events: AsyncIterator<AnthropicStreamEvent> | undefined;
  #eventsDone = false;
  #mapper: AnthropicStreamMapper | undefined;
  #error: { readonly value: unknown } | undefined;

  constructor(options: AnthropicStreamSourceOptions) {
    this.#options = options;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChatStreamPart>> {
    if (this.#index < this.#parts.length) {
      return Promise.resolve({ value: this.#parts[this.#index++]!, done: false });
    }
    this.#parts.length = 0;
    this.#index = 0;
    if (this.#error !== undefined) return Promise.reject(this.#error.value);
    if (this.#phase === 'new') return this.#open();
    if (this.#phase === 'closed' || this.#mapper?.done === true) return Promise.resolve(done);
    return this.#events!.next().then(this.#onEvent, this.#onError);
  }

  return(): Promise<IteratorResult<ChatStreamPart>> {
    this.#close();
    return Promise.resolve(done);
  }

  async #open(): Promise<IteratorResult<ChatStreamPart>> {
    this.#phase = 'open';
    try {
      const { stream, headers } = await this.#options.start();
      const sdkStream = stream;
      // The SDK bounds the wait for headers; from here on, each silence is bounded.
      this.#options.call.arm('idle', () => {
        sdkStream.controller.abort();
      });
      this.#events = sdkStream[Symbol.asyncIterator]();
      this.#mapper = new AnthropicStreamMapper({ ...this.#options.context, headers });
      this.#parts.push(
        { type: 'stream-start', warnings: this.#options.warnings },
        { type: 'response-metadata', headers },
      );
      this.#index = 1;
      return { value: this.#parts[0]!, done: false };
    } catch (error) {
      throw this.#fail(error);
    }
  }

  readonly #onEvent = (
    result: IteratorResult<AnthropicStreamEvent>,
  ): IteratorResult<ChatStreamPart> | Promise<IteratorResult<ChatStreamPart>> => {
    const mapper = this.#mapper!;
    try {
      if (result.done === true) {
        this.#eventsDone = true;
        // The SDK ends its iterator quietly on an abort (the caller's, or our
        // deadline's); a cut connection ends it too.
        const stop = this.#options.call.stopReason;
        if (stop !== undefined) throw stop.reason;
        if (!mapper.end(this.#parts)) {
          throw new ConnectionError(
            `The ${this.#options.context.provider} stream for '${this.#options.context.modelId}' ended before 'message_stop': the connection was closed early. Retrying may succeed.`,
            { provider: this.#options.context.provider, modelId: this.#options.context.modelId },
          );
        }
      } else {
        this.#options.call.touch();
        mapper.push(result.value, this.#parts);
      }
    } catch (error) {
      throw this.#fail(error);
    }
    if (this.#parts.length > 0) return { value: this.#parts[this.#index++]!, done: false };
    // An event without parts (ping, a skipped block): read the next one.
    return this.#events!.next().then(this.#onEvent, this.#onError);
  };

  readonly #onError = (error: unknown): never => {
    throw this.#fail(error);
  };

  /** Records the failure once, releases the request, and returns the error to reject with. */
  #fail(error: unknown): unknown {
    this.#error ??= { value: this.#options.failure(error) };
    this.#close();
    return this.#error.value;
  }

  #close(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    const { call } = this.#options;
    const events = this.#events;
    if (events === undefined || this.#eventsDone) {
      call.dispose();
    } else if (this.#mapper?.done === true && call.stopReason === undefined) {
      this.#drain(events, call);
    } else {
      // Stopped early or failed: closing the SDK iterator aborts the request and frees the socket.
      events.return?.().catch(() => undefined);
      call.dispose();
    }
  }

  /** Reads what follows `message_stop` so the connection can be reused; aborts it if that takes too long. */
  #drain(events: AsyncIterator<AnthropicStreamEvent>, call: CallControl): void {
    call.arm(drainTimeoutMs, () => {
      events.return?.().catch(() => undefined);
    });
    void (async () => {
      try {
        while ((await events.next()).done !== true) {
          // Nothing is expected after message_stop; anything is ignored.
        }
      } catch {
        // The connection broke after the answer was complete: nothing to report.
      } finally {
        call.dispose();
      }
    })();
  }
}
