import { StreamConsumedError } from '../errors/library-errors.ts';
import { LlmError } from '../errors/llm-error.ts';
import { ConnectionError, StreamInterruptedError } from '../errors/transport-errors.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { computeCost, type ModelPricing } from '../spec/model-pricing.ts';
import { resultToStreamParts } from './result-to-stream-parts.ts';
import { StreamAccumulator } from './stream-accumulator.ts';
import { teeIterator } from './tee-iterator.ts';

/**
 * What a stream is built from: parts, or batches of parts. An adapter that
 * decodes several events from one network chunk can yield them as one array,
 * which saves an async step per part.
 */
export type ChatStreamSource = AsyncIterable<ChatStreamPart | readonly ChatStreamPart[]>;

/** Where a stream comes from; names it in errors. */
export interface ChatStreamOptions {
  /** Provider id of the model that streams. */
  readonly provider: string;
  /** Model id that streams. */
  readonly modelId: string;
  /**
   * The request's abort signal. When it fires, reading rejects with its
   * reason, unwrapped, and the source is closed.
   */
  readonly abortSignal?: AbortSignal | undefined;
  /** The model's prices: `final()`'s result then carries the call's `cost`. */
  readonly pricing?: ModelPricing | undefined;
}

/** How a stream ended: its result, or the error it ended with (a cancel included). */
export type ChatStreamOutcome =
  | { readonly ok: true; readonly result: ChatResult }
  | { readonly ok: false; readonly error: unknown };

/**
 * Watches a stream without reading it: for layers that time, meter or judge
 * a stream their caller reads (idle deadlines, breakers, limiters, metrics).
 * Hooks run synchronously and must not throw.
 */
export interface ChatStreamObserver {
  /** The reader asked for the next part. */
  readonly onReadStart?: () => void;
  /** That read ended (with a part, the end, or an error). */
  readonly onReadEnd?: () => void;
  /** A part was delivered to the reader. */
  readonly onPart?: (part: ChatStreamPart) => void;
  /**
   * The reader's read has to wait for the provider: every part received so
   * far has been delivered. A read served from parts already at hand (the
   * rest of a network read's batch) never waits, so watching waits costs
   * nothing per part (an idle deadline watches these).
   */
  readonly onWaitStart?: () => void;
  /** That wait ended: the provider sent parts or ended, or the read failed. */
  readonly onWaitEnd?: () => void;
  /** The stream ended: finished, failed, or cancelled. Called once. */
  readonly onEnd?: (outcome: ChatStreamOutcome) => void;
}

interface Waiter {
  readonly resolve: (result: ChatResult) => void;
  readonly reject: (reason: unknown) => void;
}

const doneResult: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Parts a stream that nobody has started to read keeps reading ahead; past
 * this it waits for a reader (and the adapter's idle timeout, if none comes).
 */
const maxReadAhead = 65_536;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A streamed answer: an `AsyncIterable` of {@link ChatStreamPart}s plus
 * `final()`, `text()`, `textStream` and `toReadableStream()`.
 *
 * - It can be read once, by one consumer; a second reader gets a
 *   {@link StreamConsumedError}. Call {@link ChatStream.tee} first to read it twice.
 * - It enforces the part-order invariants; a violation ends it with a
 *   `ResponseValidationError` instead of corrupt output.
 * - A failure after the first content part ends it with a
 *   {@link StreamInterruptedError} carrying what arrived; an abort ends it
 *   with the signal's own reason.
 * - Breaking out of a `for await` closes the underlying connection.
 * - A stream nobody has started to read by the next turn of the event loop
 *   reads ahead, keeping the parts for a reader to come: a dropped stream
 *   thus lets its adapter release the connection and timers as soon as the
 *   answer is complete, instead of holding them until a timeout. A stream
 *   that will not be read should be cancelled ({@link ChatStream.cancel}),
 *   which closes the connection at once.
 *
 * Build one with {@link ChatStream.from}; models return it from `stream()`.
 */
export class ChatStream implements AsyncIterable<ChatStreamPart> {
  /** Provider id of the model that streams. */
  readonly provider: string;
  /** Model id that streams. */
  readonly modelId: string;

  readonly #iterator: AsyncIterator<ChatStreamPart | readonly ChatStreamPart[]>;
  readonly #signal: AbortSignal | undefined;
  readonly #pricing: ModelPricing | undefined;
  readonly #acc: StreamAccumulator;
  /** Parts read before the commit point, replayed to the first reader. */
  readonly #buffer: ChatStreamPart[] = [];
  /** The rest of a batch from the source, not yet checked or delivered. */
  #batch: readonly ChatStreamPart[] | undefined;
  #batchIndex = 0;
  readonly #inheritedCommit: boolean;
  #bufferIndex = 0;
  #takenBy: string | undefined;
  #sourceClosed = false;
  #failed = false;
  #error: unknown;
  #result: ChatResult | undefined;
  #waiters: Waiter[] = [];
  /** Observers of reads and parts (on the per-part path). */
  #readObservers: ChatStreamObserver[] | undefined;
  /** Reads the read observers were told of that have not ended yet. */
  #observedReads = 0;
  /** Observers of the end only (off the per-part path). */
  #endObservers: ChatStreamObserver[] | undefined;
  /** Observers of waits for the provider (once per source step, not per part). */
  #waitObservers: ChatStreamObserver[] | undefined;
  /** A wait the wait observers were told of has not ended yet. */
  #waiting = false;
  /** The read-ahead of a stream nobody reads yet: scheduled, or reading. */
  #readAhead: ReturnType<typeof setImmediate> | Promise<void> | undefined;
  /** A read of the read-ahead is in flight: it is not a reader's, so read observers are not told. */
  #readingAhead = false;

  private constructor(
    iterator: AsyncIterator<ChatStreamPart | readonly ChatStreamPart[]>,
    options: ChatStreamOptions,
    committed = false,
  ) {
    this.provider = options.provider;
    this.modelId = options.modelId;
    this.#iterator = iterator;
    this.#signal = options.abortSignal;
    this.#pricing = options.pricing;
    this.#acc = new StreamAccumulator(`${options.provider}:${options.modelId}`);
    this.#inheritedCommit = committed;
  }

  /**
   * Starts reading `source` and resolves at the commit point: when the first
   * content part has arrived (or the stream finished without content). A
   * failure before that rejects, unwrapped, so the caller can retry; the
   * parts read so far are replayed to the consumer.
   */
  static async from(source: ChatStreamSource, options: ChatStreamOptions): Promise<ChatStream> {
    const stream = new ChatStream(source[Symbol.asyncIterator](), options);
    while (!stream.#acc.committed && !stream.#acc.finished) {
      const next = await stream.#read();
      if (next.done === true) break;
      stream.#buffer.push(next.value);
    }
    if (stream.#result === undefined && !stream.#failed) {
      // A reader normally takes the stream in the same turn; if none has by the next, read ahead.
      stream.#readAhead = setImmediate(stream.#startReadAhead);
    }
    return stream;
  }

  readonly #startReadAhead = (): void => {
    if (this.#takenBy !== undefined || this.#result !== undefined || this.#failed) {
      this.#readAhead = undefined;
      return;
    }
    this.#readAhead = this.#readAheadParts();
  };

  /**
   * Reads parts into the replay buffer until a reader takes the stream, it
   * ends, or {@link maxReadAhead} parts wait. Failures are recorded for the
   * reader to come (and close the source).
   */
  async #readAheadParts(): Promise<void> {
    try {
      while (
        this.#takenBy === undefined &&
        this.#result === undefined &&
        !this.#failed &&
        this.#buffer.length < maxReadAhead
      ) {
        this.#readingAhead = true;
        const next = await this.#read();
        this.#readingAhead = false;
        if (next.done === true) break;
        this.#buffer.push(next.value);
      }
    } catch {
      // Recorded by #fail: the reader gets it after the parts kept.
    } finally {
      this.#readingAhead = false;
      this.#readAhead = undefined;
    }
  }

  /** A stream that replays a complete result (for caches, mocks and non-streaming providers). */
  static fromResult(result: ChatResult, options: ChatStreamOptions): Promise<ChatStream> {
    return ChatStream.from(resultToStreamParts(result), options);
  }

  /** Whether content has been emitted (the commit point has passed). */
  get committed(): boolean {
    return this.#inheritedCommit || this.#acc.committed;
  }

  /**
   * The next part from the source (or the rest of its last batch), checked
   * and recorded. Resolves `done` once the finish part has been delivered.
   * Hot path: one promise per source step, none extra per part.
   */
  #read(): Promise<IteratorResult<ChatStreamPart>> {
    if (this.#failed) {
      this.#readEnded(undefined);
      return Promise.reject(this.#error);
    }
    if (this.#result !== undefined) {
      this.#readEnded(undefined);
      return Promise.resolve(doneResult);
    }
    if (this.#signal?.aborted === true) return Promise.reject(this.#failRead(this.#signal.reason));
    if (this.#batch !== undefined) {
      try {
        return Promise.resolve(this.#deliverFromBatch());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.#waitObservers !== undefined && !this.#waiting) {
      this.#waiting = true;
      for (const observer of this.#waitObservers) observer.onWaitStart?.();
    }
    return this.#iterator.next().then(this.#onNext, this.#onError);
  }

  #endWait(): void {
    if (!this.#waiting) return;
    this.#waiting = false;
    for (const observer of this.#waitObservers!) observer.onWaitEnd?.();
  }

  /** Checks and records one part; returns the iterator result that delivers it. */
  #accept(part: ChatStreamPart): IteratorResult<ChatStreamPart> {
    try {
      this.#acc.accept(part);
    } catch (error) {
      throw this.#failRead(error);
    }
    if (this.#acc.finished) this.#succeed();
    this.#readEnded(part);
    return { value: part, done: false };
  }

  /**
   * Tells the read observers that the reader's read ended, with `part` or
   * without one (the end, an error), once per read. Called where the read's
   * outcome is decided, so observing costs no promise of its own.
   */
  #readEnded(part: ChatStreamPart | undefined): void {
    if (this.#observedReads === 0 || this.#readingAhead) return;
    this.#observedReads--;
    for (const observer of this.#readObservers!) {
      observer.onReadEnd?.();
      if (part !== undefined) observer.onPart?.(part);
    }
  }

  #deliverFromBatch(): IteratorResult<ChatStreamPart> {
    const batch = this.#batch!;
    const part = batch[this.#batchIndex++]!;
    if (this.#batchIndex >= batch.length) {
      this.#batch = undefined;
      this.#batchIndex = 0;
    }
    return this.#accept(part);
  }

  readonly #onNext = (
    next: IteratorResult<ChatStreamPart | readonly ChatStreamPart[]>,
  ): IteratorResult<ChatStreamPart> | Promise<IteratorResult<ChatStreamPart>> => {
    // The stream was cancelled while this read was in flight.
    if (this.#failed) {
      this.#endWait();
      this.#readEnded(undefined);
      throw this.#error;
    }
    // An empty batch brings nothing: the read (and its wait) goes on.
    if (next.done !== true && Array.isArray(next.value) && next.value.length === 0) {
      return this.#read();
    }
    this.#endWait();
    if (next.done === true) {
      this.#sourceClosed = true;
      throw this.#failRead(
        new ConnectionError(
          `The ${this.provider} stream for '${this.modelId}' ended before its 'finish' part; the connection was probably closed early.`,
          { provider: this.provider, modelId: this.modelId },
        ),
      );
    }
    const value = next.value;
    if (!Array.isArray(value)) return this.#accept(value as ChatStreamPart);
    this.#batch = value as readonly ChatStreamPart[];
    this.#batchIndex = 0;
    return this.#deliverFromBatch();
  };

  readonly #onError = (error: unknown): never => {
    this.#endWait();
    if (this.#failed) {
      this.#readEnded(undefined);
      throw this.#error;
    }
    this.#sourceClosed = true;
    throw this.#failRead(error);
  };

  #succeed(): void {
    const accumulated = this.#acc.result(this.provider);
    const cost =
      this.#pricing === undefined ? undefined : computeCost(accumulated.usage, this.#pricing);
    const result = cost === undefined ? accumulated : { ...accumulated, cost };
    this.#result = result;
    this.#closeSource();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(result);
    this.#notifyEnd({ ok: true, result });
  }

  #notifyEnd(outcome: ChatStreamOutcome): void {
    const observers = this.#endObservers;
    if (observers === undefined) return;
    this.#endObservers = undefined;
    for (const observer of observers) observer.onEnd!(outcome);
  }

  /**
   * Records the stream's failure once; returns the error readers get. After
   * the commit point the error is wrapped in a StreamInterruptedError, except
   * an abort (the signal's reason, unwrapped) and a reader's own cancel.
   */
  #fail(error: unknown, wrap = true): unknown {
    if (this.#failed) return this.#error;
    let reason = error;
    // A cancel by the reader (wrap false) keeps its own error: nothing was interrupted.
    if (wrap) {
      const signal = this.#signal;
      const aborted = signal?.aborted === true;
      if (aborted) reason = signal.reason;
      // The caller's abort ends the stream with its own reason, unwrapped. Our
      // own deadlines abort with an LlmError (a TimeoutError): after content
      // that is an interruption like any other failure.
      if (
        (!aborted || LlmError.isInstance(reason)) &&
        this.committed &&
        !StreamInterruptedError.isInstance(reason)
      ) {
        const cause = reason;
        const llmError = LlmError.isInstance(cause) ? cause : undefined;
        reason = new StreamInterruptedError(
          `The ${this.provider} stream for '${this.modelId}' broke after content had started: ${describe(cause)}`,
          {
            provider: this.provider,
            modelId: this.modelId,
            status: llmError?.status,
            requestId: llmError?.requestId,
            cause,
            partial: this.#acc.partial(this.provider),
          },
        );
      }
    }
    this.#failed = true;
    this.#error = reason;
    this.#closeSource();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(reason);
    this.#notifyEnd({ ok: false, error: reason });
    return reason;
  }

  /** Fails the stream from within a read, which ends with that failure. */
  #failRead(error: unknown): unknown {
    const reason = this.#fail(error);
    this.#readEnded(undefined);
    return reason;
  }

  /** Drops a read-ahead that has not started yet (one in flight stops after its read). */
  #unscheduleReadAhead(): void {
    const readAhead = this.#readAhead;
    if (readAhead === undefined || readAhead instanceof Promise) return;
    clearImmediate(readAhead);
    this.#readAhead = undefined;
  }

  #closeSource(): void {
    this.#unscheduleReadAhead();
    if (this.#sourceClosed) return;
    this.#sourceClosed = true;
    try {
      void Promise.resolve(this.#iterator.return?.()).catch(() => undefined);
    } catch {
      // A source whose return() throws is closed as far as we are concerned.
    }
  }

  #take(by: string): void {
    if (this.#takenBy !== undefined) {
      throw new StreamConsumedError(
        `This ChatStream is already being read by ${this.#takenBy}, so ${by} cannot read it too: a stream can be read once. Call tee() before reading to get two copies, or use final() after iterating.`,
        { provider: this.provider, modelId: this.modelId },
      );
    }
    this.#takenBy = by;
    this.#unscheduleReadAhead();
  }

  #next(): Promise<IteratorResult<ChatStreamPart>> {
    const observers = this.#readObservers;
    // Reads after the end are not observed (the end was reported already).
    if (observers === undefined || this.#result !== undefined || this.#failed) {
      return this.#nextPart();
    }
    // The read's end is reported where its outcome is decided (#readEnded).
    this.#observedReads++;
    for (const observer of observers) observer.onReadStart?.();
    return this.#nextPart();
  }

  #nextPart(): Promise<IteratorResult<ChatStreamPart>> {
    // A read-ahead in flight delivers first (the reader takes over after it).
    const readAhead = this.#readAhead;
    if (readAhead instanceof Promise) return readAhead.then(() => this.#nextPart());
    // An abort stops the replay of kept parts too.
    if (this.#signal?.aborted === true && this.#result === undefined) {
      return Promise.reject(this.#failRead(this.#signal.reason));
    }
    if (this.#bufferIndex < this.#buffer.length) {
      const value = this.#buffer[this.#bufferIndex++]!;
      this.#readEnded(value);
      return Promise.resolve({ value, done: false });
    }
    return this.#read();
  }

  /** Stops reading early: closes the source; `final()` then rejects. */
  #cancel(): void {
    if (this.#result !== undefined || this.#failed) return;
    this.#bufferIndex = this.#buffer.length;
    this.#fail(
      new StreamConsumedError(
        `The ${this.provider} stream for '${this.modelId}' was closed by its reader before it finished, so it has no final result.`,
        { provider: this.provider, modelId: this.modelId },
      ),
      false,
    );
  }

  /**
   * Whether a reader has taken the stream (a loop, `final()`, `textStream`,
   * `toReadableStream()` or `tee()`), like `ReadableStream.locked`.
   */
  get locked(): boolean {
    return this.#takenBy !== undefined;
  }

  /**
   * Watches the stream without reading it (see {@link ChatStreamObserver}):
   * reads, waits and parts from now on, and how it ends. On a stream that has
   * already ended, `onEnd` is called at once. Returns the stream.
   */
  observe(observer: ChatStreamObserver): this {
    if (this.#result !== undefined) observer.onEnd?.({ ok: true, result: this.#result });
    else if (this.#failed) observer.onEnd?.({ ok: false, error: this.#error });
    else {
      if (observer.onEnd !== undefined) (this.#endObservers ??= []).push(observer);
      if (observer.onReadStart ?? observer.onReadEnd ?? observer.onPart) {
        (this.#readObservers ??= []).push(observer);
      }
      if (observer.onWaitStart ?? observer.onWaitEnd) (this.#waitObservers ??= []).push(observer);
    }
    return this;
  }

  /**
   * Stops the stream and closes its connection; a reader and `final()` then
   * reject with {@link StreamConsumedError}. Does nothing once the stream has
   * finished or failed. (To cancel the request itself, abort its signal.)
   */
  cancel(): void {
    this.#cancel();
  }

  /** Iterates the parts. Breaking out of the loop closes the connection. */
  [Symbol.asyncIterator](): AsyncIterator<ChatStreamPart> {
    this.#take('a for-await loop');
    return {
      next: () => this.#next(),
      return: () => {
        this.#cancel();
        return Promise.resolve(doneResult);
      },
    };
  }

  /**
   * The complete result. If nobody is reading the stream, reads it to the
   * end; if a loop is reading it, resolves when that loop reaches `finish`.
   * Rejects with the stream's error.
   */
  final(): Promise<ChatResult> {
    if (this.#result !== undefined) return Promise.resolve(this.#result);
    if (this.#failed) return Promise.reject(this.#error);
    const promise = new Promise<ChatResult>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
    if (this.#takenBy === undefined) {
      this.#take('final()');
      void this.#drain();
    }
    return promise;
  }

  async #drain(): Promise<void> {
    try {
      while ((await this.#next()).done !== true) {
        // Parts are recorded by the accumulator as they pass.
      }
    } catch {
      // The error reaches callers through final()'s waiters.
    }
  }

  /** The complete text; see {@link ChatStream.final}. */
  async text(): Promise<string> {
    return (await this.final()).text;
  }

  /** Only the text deltas, as strings. Reading it consumes the stream. */
  get textStream(): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<string> => {
        const parts = this[Symbol.asyncIterator]();
        return {
          next: async (): Promise<IteratorResult<string>> => {
            for (;;) {
              const next = await parts.next();
              if (next.done === true) return doneResult;
              if (next.value.type === 'text-delta') return { value: next.value.delta, done: false };
            }
          },
          return: async (): Promise<IteratorResult<string>> => {
            await parts.return?.();
            return doneResult;
          },
        };
      },
    };
  }

  /** The parts as a web `ReadableStream` (for `Response` bodies and web APIs). Consumes the stream. */
  toReadableStream(): ReadableStream<ChatStreamPart> {
    const parts = this[Symbol.asyncIterator]();
    return new ReadableStream<ChatStreamPart>(
      {
        async pull(controller) {
          try {
            const next = await parts.next();
            if (next.done === true) controller.close();
            else controller.enqueue(next.value);
          } catch (error) {
            controller.error(error);
          }
        },
        async cancel() {
          await parts.return?.();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * Two independent copies of this stream, each readable once; this stream
   * itself is consumed. The slower copy buffers what the faster one has read.
   */
  tee(): [ChatStream, ChatStream] {
    const [left, right] = teeIterator(this[Symbol.asyncIterator](), 2);
    const options: ChatStreamOptions = {
      provider: this.provider,
      modelId: this.modelId,
      abortSignal: this.#signal,
      pricing: this.#pricing,
    };
    return [
      new ChatStream(left!, options, this.committed),
      new ChatStream(right!, options, this.committed),
    ];
  }
}
