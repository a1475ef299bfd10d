import { ChatStream, type ChatResult, type ChatStreamPart } from '@org/llm-core';

/** How a stream ended: its result, or the error it ended with (a reader's early stop included). */
export type StreamOutcome =
  | { readonly ok: true; readonly result: ChatResult }
  | { readonly ok: false; readonly error: unknown };

/** Per-read hooks of a relay (the per-attempt deadline's idle clock). */
export interface ReadObserver {
  /** A read of the next part starts. */
  readStarted(): void;
  /** That read ended: a part, the end of the stream, or an error. */
  readEnded(): void;
  /** The relay is done: the stream finished, failed, or its reader stopped early. */
  closed(): void;
}

const doneResult: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The source of a relayed stream: hands the inner stream's parts through
 * untouched. Without an observer, `next()` returns the inner promise itself
 * (no extra promise per part); with one, a single `.then` per part.
 */
class RelaySource implements AsyncIterableIterator<ChatStreamPart> {
  readonly #inner: ChatStream;
  readonly #iterator: AsyncIterator<ChatStreamPart>;
  readonly #observer: ReadObserver | undefined;
  #closed = false;
  #outcome: Promise<StreamOutcome> | undefined;

  constructor(inner: ChatStream, observer: ReadObserver | undefined) {
    this.#inner = inner;
    this.#iterator = inner[Symbol.asyncIterator]();
    this.#observer = observer;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChatStreamPart>> {
    if (this.#observer === undefined) return this.#iterator.next();
    this.#observer.readStarted();
    return this.#iterator.next().then(this.#onResult, this.#onError);
  }

  readonly #onResult = (result: IteratorResult<ChatStreamPart>): IteratorResult<ChatStreamPart> => {
    this.#observer?.readEnded();
    if (result.done === true || result.value.type === 'finish') this.#close();
    return result;
  };

  readonly #onError = (error: unknown): never => {
    this.#observer?.readEnded();
    this.#close();
    throw error;
  };

  return(): Promise<IteratorResult<ChatStreamPart>> {
    this.#close();
    return this.#iterator.return?.() ?? Promise.resolve(doneResult);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#observer?.closed();
  }

  /**
   * How the inner stream ended. The inner stream is already taken by this
   * relay, so `final()` only waits for the end; it never reads on its own.
   */
  get outcome(): Promise<StreamOutcome> {
    this.#outcome ??= this.#inner.final().then(
      (result): StreamOutcome => ({ ok: true, result }),
      (error: unknown): StreamOutcome => ({ ok: false, error }),
    );
    return this.#outcome;
  }
}

/** Relays built by this package, by the stream handed out, so layers can share one relay. */
const relays = new WeakMap<ChatStream, RelaySource>();

/**
 * A new committed `ChatStream` that replays `inner`, owned by `abortSignal`:
 * when that signal aborts the stream ends with its reason, unwrapped; any
 * other failure after the commit point becomes a `StreamInterruptedError`
 * (core's `ChatStream` does the wrapping). `inner` must not have been read.
 */
export async function relayStream(
  inner: ChatStream,
  abortSignal: AbortSignal | undefined,
  observer?: ReadObserver,
): Promise<ChatStream> {
  const source = new RelaySource(inner, observer);
  const stream = await ChatStream.from(source, {
    provider: inner.provider,
    modelId: inner.modelId,
    abortSignal,
  });
  relays.set(stream, source);
  return stream;
}

/**
 * Lets a layer learn how a stream ends (to free a slot, correct a token
 * estimate, count a failure) without reading it. When `stream` is already a
 * relay of this package it is returned as is and its outcome shared, so
 * stacked layers cost one relay, not one each.
 */
export async function observeStream(
  stream: ChatStream,
  abortSignal: AbortSignal | undefined,
): Promise<{ readonly stream: ChatStream; readonly outcome: Promise<StreamOutcome> }> {
  const existing = relays.get(stream);
  if (existing !== undefined) return { stream, outcome: existing.outcome };
  const relayed = await relayStream(stream, abortSignal);
  return { stream: relayed, outcome: relays.get(relayed)!.outcome };
}

/** Closes a stream nobody will read (a lost hedge), releasing its connection. */
export function discardStream(stream: ChatStream): void {
  try {
    void stream[Symbol.asyncIterator]().return?.();
  } catch {
    // Already taken by a reader: that reader owns closing it.
  }
}
