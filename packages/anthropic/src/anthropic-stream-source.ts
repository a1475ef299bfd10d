import {
  type CallControl,
  type SseEvent,
  SseParser,
  summarizeResponseBody,
  transportFailure,
  unexpectedBodyError,
} from '@org/llm-core/adapter-kit';
import {
  ConnectionError,
  ResponseValidationError,
  type ChatStreamPart,
  type ChatWarning,
} from '@org/llm-core';
import {
  AnthropicStreamMapper,
  type AnthropicStreamContext,
  type AnthropicStreamEvent,
} from './anthropic-stream-mapper.ts';
import { AnthropicStreamErrorEvent } from './map-anthropic-error.ts';

/** What the SDK gave back for a stream request: the raw response, unread, and the controller of its request. */
export interface AnthropicStreamResponse {
  /** The HTTP response (2xx: the SDK threw for any other status); its body is read here. */
  readonly response: Response;
  /** Aborts the SDK's request, which closes the connection. */
  readonly controller: AbortController;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Lets the SDK forget the request once its body is settled and unlocked
   * (`releaseSdkRequest`); `undefined` when there is nothing to release.
   */
  readonly release: (() => void) | undefined;
}

/** What {@link AnthropicStreamSource} needs. */
export interface AnthropicStreamSourceOptions {
  /** Sends the request through the SDK; resolves once the headers have arrived. */
  readonly start: () => Promise<AnthropicStreamResponse>;
  /** The call's cancellation and deadline. */
  readonly call: CallControl;
  /** Warnings of the request mapping, for the `stream-start` part. */
  readonly warnings: readonly ChatWarning[];
  /** The mapper's context, but the headers (known once the response arrives). */
  readonly context: Omit<AnthropicStreamContext, 'headers'>;
  /** Turns any failure into the error the stream rejects with. */
  readonly failure: (error: unknown) => unknown;
}

/** What the source hands `ChatStream` per step: a part, or the parts of one network read. */
type Step = ChatStreamPart | readonly ChatStreamPart[];

/** One read of the body. */
type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

const done: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

const ignore = (): void => undefined;

/** After `message_stop`, how long the rest of the body may take before the connection is closed instead of reused. */
const drainTimeoutMs = 1000;
/** Content types of an event stream, and of JSON (which some compatible hosts send, and which fails later as an incomplete stream). */
const streamContentType = /^\s*(?:text\/event-stream|application\/(?:[\w.-]+\+)?json)\b/i;
/** How much of a body of the wrong type is read for the error, in bytes. */
const wrongBodyLimitBytes = 16 * 1024;

/**
 * The error of a 2xx answer to a stream request that is neither an event
 * stream nor JSON (an HTML page, plain text), with the start of its body
 * (read up to 16 KB, then the reader is cancelled).
 */
async function wrongContentType(
  response: Response,
  contentType: string,
  context: Omit<AnthropicStreamContext, 'headers'>,
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
    provider: context.provider,
    modelId: context.modelId,
    status: response.status,
    headers: response.headers,
    contentType,
    body: new TextDecoder().decode(whole),
    expected: 'event-stream',
    secrets: context.secrets,
  });
}

/**
 * The parts of one streamed answer, as the source `ChatStream.from` reads.
 *
 * The SDK builds, authenticates and sends the request and classifies an
 * HTTP error; the body of a 2xx stream is read here, with core's
 * `SseParser`, instead of through the SDK's event iterator (which costs an
 * async step per event). Every event of one network read is parsed and
 * mapped synchronously and their parts go out as one batch, so a read costs
 * one promise however many events it holds. Events are taken as the SDK
 * takes them: `ping` and events without an `event:` name are skipped, an
 * `error` event is classified from its data (as the SDK's `APIError` would
 * be, without building one: its message is the `JSON.stringify` of the
 * data, which throws for a payload nested deep enough), data that is not
 * JSON is a `ResponseValidationError`, and a last event that lacks its
 * closing blank line is dropped. A 2xx answer that is neither an event
 * stream nor JSON is a `ResponseValidationError` naming its content type.
 *
 * A read that holds content and then a failure delivers the content first;
 * the failure rejects the next step. `return()` (called by `ChatStream`
 * after `finish`, or when the reader stops early) releases the request:
 * after a complete answer the rest of the body is read so the connection can
 * be reused; otherwise the SDK's request is aborted, which frees the socket.
 */
export class AnthropicStreamSource implements AsyncIterator<Step>, AsyncIterable<Step> {
  readonly #options: AnthropicStreamSourceOptions;
  #parts: ChatStreamPart[] = [];
  #phase: 'new' | 'open' | 'closed' = 'new';
  #controller: AbortController | undefined;
  #release: (() => void) | undefined;
  #headers: Headers | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #bodyDone = false;
  #parser: SseParser | undefined;
  #mapper: AnthropicStreamMapper | undefined;
  /** A failure found while parsing a read, raised once the parts before it are delivered. */
  #pending: { readonly error: unknown } | undefined;
  #error: { readonly value: unknown } | undefined;

  /** @param options The request to send and how to report its failures. */
  constructor(options: AnthropicStreamSourceOptions) {
    this.#options = options;
  }

  /** The source itself: it can be read once. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next part or batch of parts; `done` after `finish`. */
  next(): Promise<IteratorResult<Step>> {
    if (this.#error !== undefined) return Promise.reject(this.#error.value);
    if (this.#pending !== undefined) return Promise.reject(this.#fail(this.#pending.error));
    if (this.#phase === 'new') return this.#open();
    if (this.#phase === 'closed' || this.#bodyDone || this.#mapper!.done) {
      return Promise.resolve(done);
    }
    return this.#reader!.read().then(this.#onRead, this.#onError);
  }

  /** Stops reading and releases the request (see the class notes). */
  return(): Promise<IteratorResult<Step>> {
    this.#close();
    return Promise.resolve(done);
  }

  async #open(): Promise<IteratorResult<Step>> {
    this.#phase = 'open';
    const { call, context, warnings } = this.#options;
    let started: AnthropicStreamResponse;
    try {
      started = await this.#options.start();
    } catch (error) {
      throw this.#fail(error);
    }
    const { response, controller, headers } = started;
    this.#controller = controller;
    this.#release = started.release;
    // `return()` may have run while the headers were on their way.
    if ((this.#phase as string) === 'closed') {
      controller.abort();
      this.#releaseSdk(undefined);
      return done;
    }
    const contentType = headers['content-type'];
    if (contentType !== undefined && !streamContentType.test(contentType)) {
      // An HTML page or plain text with a 2xx (a captive portal, a proxy, a wrong baseURL).
      call.arm('remaining', () => {
        controller.abort();
      });
      const error = await wrongContentType(response, contentType, context);
      controller.abort();
      throw this.#fail(error);
    }
    this.#headers = response.headers;
    this.#mapper = new AnthropicStreamMapper({ ...context, headers });
    // The Anthropic SDK drops a last event without its closing blank line; so do we.
    this.#parser = new SseParser(this.#onEvent, { dispatchUnterminatedAtEnd: false });
    const body = response.body;
    if (body === null) this.#bodyDone = true;
    else this.#reader = body.getReader();
    // The SDK's timeout bounded the wait for headers; from here on, each silence is bounded.
    call.arm('idle', () => {
      controller.abort();
    });
    if (this.#bodyDone) this.#finishBody();
    const first: ChatStreamPart[] = [
      { type: 'stream-start', warnings },
      { type: 'response-metadata', headers },
    ];
    return { value: first, done: false };
  }

  readonly #onEvent = (event: SseEvent): void => {
    // After a failure or `message_stop`, the rest of the read is not mapped.
    if (this.#pending !== undefined || this.#mapper!.done) return;
    const name = event.event;
    // The SDK skips `ping` and events without an `event:` field (the parser calls those `message`).
    if (name === 'ping' || name === 'message') return;
    const data = event.data;
    if (name === 'error') {
      let body: unknown;
      try {
        body = JSON.parse(data) as unknown;
      } catch {
        body = data;
      }
      this.#pending = { error: new AnthropicStreamErrorEvent(body, this.#headers) };
      return;
    }
    if (data === '') return;
    let parsed: AnthropicStreamEvent;
    try {
      parsed = JSON.parse(data) as AnthropicStreamEvent;
    } catch {
      // Not the parser's error: its message quotes the data unredacted.
      const { provider, modelId, secrets } = this.#options.context;
      const summary = summarizeResponseBody(data, { secrets, maxLength: 120 });
      this.#pending = {
        error: new ResponseValidationError(
          `${provider} sent a stream event that is not valid JSON (model '${modelId}'): ${summary ?? 'empty data'}.`,
          { provider, modelId },
        ),
      };
      return;
    }
    try {
      this.#mapper!.push(parsed, this.#parts);
    } catch (error) {
      this.#pending = { error };
    }
  };

  readonly #onRead = (result: ReadResult): IteratorResult<Step> | Promise<IteratorResult<Step>> => {
    // Closed while this read was in flight.
    if (this.#phase === 'closed') return done;
    try {
      if (result.done) {
        this.#bodyDone = true;
        this.#parser!.end();
      } else {
        this.#options.call.touch();
        this.#parser!.feed(result.value);
      }
    } catch (error) {
      this.#pending ??= { error };
    }
    if (this.#bodyDone) this.#finishBody();
    const parts = this.#parts;
    if (parts.length === 1) {
      const part = parts[0]!;
      parts.length = 0;
      return { value: part, done: false };
    }
    if (parts.length > 1) {
      // The batch is ChatStream's now.
      this.#parts = [];
      return { value: parts, done: false };
    }
    if (this.#pending !== undefined) throw this.#fail(this.#pending.error);
    if (this.#bodyDone) return done;
    // A read without parts (a ping, part of an event): read on.
    return this.#reader!.read().then(this.#onRead, this.#onError);
  };

  /** A read of the body failed: the transport's failure. */
  readonly #onError = (error: unknown): never => {
    throw this.#fail(transportFailure(error));
  };

  /** The body ended: finishes the answer, or records why it cannot finish. */
  #finishBody(): void {
    const mapper = this.#mapper!;
    if (this.#pending !== undefined || mapper.done) return;
    try {
      const stop = this.#options.call.stopReason;
      if (stop !== undefined) throw stop.reason;
      if (!mapper.end(this.#parts)) {
        const { provider, modelId } = this.#options.context;
        throw new ConnectionError(
          `The ${provider} stream for '${modelId}' ended before 'message_stop': the connection was closed early. Retrying may succeed.`,
          { provider, modelId },
        );
      }
    } catch (error) {
      this.#pending = { error };
    }
  }

  /** Records the failure once, releases the request, and returns the error to reject with. */
  #fail(error: unknown): unknown {
    this.#error ??= { value: this.#options.failure(error) };
    this.#pending = undefined;
    this.#close();
    return this.#error.value;
  }

  #close(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    const { call } = this.#options;
    const reader = this.#reader;
    if (reader === undefined || this.#bodyDone) {
      call.dispose();
      this.#releaseSdk(reader);
    } else if (
      this.#mapper?.done === true &&
      this.#error === undefined &&
      call.stopReason === undefined
    ) {
      this.#drain(reader, call);
    } else {
      // Stopped early or failed: aborting the SDK's request frees the socket.
      this.#controller?.abort();
      call.dispose();
      reader
        .cancel()
        .catch(ignore)
        .finally(() => {
          this.#releaseSdk(reader);
        });
    }
  }

  /** The body is settled: unlocks it and lets the SDK forget the request (see `releaseSdkRequest`). */
  #releaseSdk(reader: ReadableStreamDefaultReader<Uint8Array> | undefined): void {
    const release = this.#release;
    if (release === undefined) return;
    this.#release = undefined;
    try {
      reader?.releaseLock();
    } catch {
      // Not locked any more.
    }
    release();
  }

  /** Reads what follows `message_stop` so the connection can be reused; aborts it if that takes too long. */
  #drain(reader: ReadableStreamDefaultReader<Uint8Array>, call: CallControl): void {
    const controller = this.#controller!;
    call.arm(drainTimeoutMs, () => {
      controller.abort();
    });
    void (async () => {
      try {
        while (!(await reader.read()).done) {
          // Nothing is expected after message_stop; anything is ignored.
        }
      } catch {
        // The connection broke after the answer was complete: nothing to report.
      } finally {
        call.dispose();
        this.#releaseSdk(reader);
      }
    })();
  }
}
