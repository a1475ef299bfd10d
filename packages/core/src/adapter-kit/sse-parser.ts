import { ResponseValidationError } from '../errors/transport-errors.ts';

/** One server-sent event, as the HTML Standard's event stream interpretation dispatches it. */
export interface SseEvent {
  /** The `event:` field; `message` when the event had none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last event id seen so far in the stream (`id:` persists across events), if any. */
  readonly id: string | undefined;
}

/** Options of {@link SseParser}. */
export interface SseParserOptions {
  /**
   * Longest line the parser buffers, in UTF-16 code units (default 16 Mi).
   * A server that never ends a line would otherwise grow memory without
   * bound; past the limit `feed` throws a `ResponseValidationError`.
   */
  readonly maxLineLength?: number | undefined;
  /**
   * Whether {@link SseParser.end} dispatches a last event whose lines all
   * ended but which lacks the blank line that closes an event (default
   * `true`: some OpenAI-compatible servers end the body right after the last
   * `data:` line). `false` drops it, as the standard and the Anthropic SDK do.
   */
  readonly dispatchUnterminatedAtEnd?: boolean | undefined;
}

const lineFeed = 10;
const carriageReturn = 13;
const space = 32;
const colonCode = 58;
const letterD = 100;
const letterA = 97;
const letterT = 116;
const digitsOnly = /^\d+$/;

/**
 * A push parser for `text/event-stream` bodies (HTML Standard, "event stream
 * interpretation"). Feed it the body's bytes in chunks of any size; it calls
 * `onEvent` for every complete event.
 *
 * - Bytes are decoded once, by a streaming `TextDecoder`, so a UTF-8
 *   character split across chunks decodes correctly; a leading BOM is
 *   dropped and invalid bytes become U+FFFD, as the standard says.
 * - Lines end with `\r\n`, `\n` or `\r`, also when a `\r\n` pair is split
 *   across two chunks.
 * - Comments (`:` lines) and unknown fields are ignored; `data:` lines are
 *   joined with `\n`; `event:`, `id:` and `retry:` are honoured.
 *
 * One deliberate leniency, on by default: at {@link SseParser.end}, an
 * event whose lines were all terminated but which lacks the final blank line
 * is still dispatched (some OpenAI-compatible servers end the body right
 * after the last `data:` line; see
 * {@link SseParserOptions.dispatchUnterminatedAtEnd}). A line cut off mid-way
 * is dropped, as the standard says.
 *
 * It is synchronous and allocates nothing per line beyond the `data:` value,
 * so an adapter can parse every event of a network read and hand the parts
 * they map to on as one batch.
 */
export class SseParser {
  readonly #onEvent: (event: SseEvent) => void;
  readonly #maxLineLength: number;
  readonly #dispatchAtEnd: boolean;
  readonly #decoder = new TextDecoder('utf-8');
  /** Start of a line whose end has not arrived yet. */
  #pending = '';
  /** The previous text ended with `\r`: a `\n` at the start of the next one belongs to it. */
  #skipLineFeed = false;
  #data = '';
  #hasData = false;
  #eventType = '';
  #lastEventId: string | undefined;
  #retryMs: number | undefined;

  /**
   * @param onEvent Called synchronously for each complete event, in order.
   *   An exception it throws propagates out of `feed`/`end`.
   */
  constructor(onEvent: (event: SseEvent) => void, options: SseParserOptions = {}) {
    this.#onEvent = onEvent;
    this.#maxLineLength = options.maxLineLength ?? 16 * 1024 * 1024;
    this.#dispatchAtEnd = options.dispatchUnterminatedAtEnd ?? true;
  }

  /** The reconnection time the server asked for with `retry:`, in milliseconds. */
  get retryMs(): number | undefined {
    return this.#retryMs;
  }

  /** The last event id the server sent with `id:`. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** Parses the next chunk of the body. */
  feed(chunk: Uint8Array): void {
    this.#feedText(this.#decoder.decode(chunk, { stream: true }));
  }

  /**
   * The body ended: flushes the decoder and dispatches a last event whose
   * lines were complete (unless {@link SseParserOptions.dispatchUnterminatedAtEnd}
   * is `false`). Then resets the parser, also when that event's callback
   * throws: the next stream starts from nothing, without the last event id
   * ({@link SseParser.lastEventId}) or reconnection time
   * ({@link SseParser.retryMs}) of this one.
   */
  end(): void {
    try {
      this.#feedText(this.#decoder.decode());
      const cutLine = this.#pending !== '';
      this.#pending = '';
      this.#skipLineFeed = false;
      if (!cutLine && this.#dispatchAtEnd) this.#dispatch();
    } finally {
      this.#pending = '';
      this.#skipLineFeed = false;
      this.#data = '';
      this.#hasData = false;
      this.#eventType = '';
      this.#lastEventId = undefined;
      this.#retryMs = undefined;
    }
  }

  #feedText(text: string): void {
    const length = text.length;
    if (length === 0) return;
    let start = 0;
    if (this.#skipLineFeed) {
      this.#skipLineFeed = false;
      if (text.charCodeAt(0) === lineFeed) start = 1;
    }
    // Fast path: most servers end lines with `\n` only, so a native indexOf
    // finds every line end; `\r` (rare) takes the code-unit loop below.
    if (!text.includes('\r', start)) {
      let end = text.indexOf('\n', start);
      while (end !== -1) {
        this.#line(text, start, end);
        start = end + 1;
        end = text.indexOf('\n', start);
      }
    } else {
      for (let index = start; index < length; index++) {
        const code = text.charCodeAt(index);
        if (code !== lineFeed && code !== carriageReturn) continue;
        this.#line(text, start, index);
        if (code === carriageReturn) {
          if (index + 1 === length) this.#skipLineFeed = true;
          else if (text.charCodeAt(index + 1) === lineFeed) index++;
        }
        start = index + 1;
      }
    }
    if (start < length) {
      this.#pending = this.#pending === '' ? text.slice(start) : this.#pending + text.slice(start);
      if (this.#pending.length > this.#maxLineLength) {
        this.#pending = '';
        throw new ResponseValidationError(
          `The event stream sent a line longer than ${this.#maxLineLength} characters without ending it; the server is not speaking server-sent events.`,
        );
      }
    }
  }

  /** Processes the line `text[start, end)`, prefixed by any pending partial line. */
  #line(text: string, start: number, end: number): void {
    let line = text;
    let from = start;
    let to = end;
    if (this.#pending !== '') {
      line = this.#pending + text.slice(start, end);
      from = 0;
      to = line.length;
      this.#pending = '';
    }
    if (from === to) {
      this.#dispatch();
      return;
    }
    const first = line.charCodeAt(from);
    // Hot path: `data:` lines are nearly every line of an LLM stream; read
    // the value straight out of the chunk, with no slice for the line itself.
    if (
      first === letterD &&
      line.charCodeAt(from + 1) === letterA &&
      line.charCodeAt(from + 2) === letterT &&
      line.charCodeAt(from + 3) === letterA &&
      line.charCodeAt(from + 4) === colonCode
    ) {
      const valueStart = line.charCodeAt(from + 5) === space ? from + 6 : from + 5;
      const value = valueStart >= to ? '' : line.slice(valueStart, to);
      if (this.#hasData) {
        this.#data += '\n' + value;
      } else {
        this.#data = value;
        this.#hasData = true;
      }
      return;
    }
    if (first === colonCode) return; // A comment (`: keep-alive`).
    let separator = line.indexOf(':', from);
    if (separator >= to) separator = -1;
    const field = line.slice(from, separator === -1 ? to : separator);
    let value = '';
    if (separator !== -1) {
      const valueStart = line.charCodeAt(separator + 1) === space ? separator + 2 : separator + 1;
      value = valueStart >= to ? '' : line.slice(valueStart, to);
    }
    switch (field) {
      case 'data':
        // `data` without a colon: an empty data line.
        if (this.#hasData) {
          this.#data += '\n' + value;
        } else {
          this.#data = value;
          this.#hasData = true;
        }
        return;
      case 'event':
        this.#eventType = value;
        return;
      case 'id':
        if (!value.includes('\u0000')) this.#lastEventId = value;
        return;
      case 'retry':
        if (digitsOnly.test(value)) this.#retryMs = Number(value);
        return;
      default:
        // Unknown fields are ignored, as the standard says.
        return;
    }
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#eventType = '';
      return;
    }
    const event: SseEvent = {
      event: this.#eventType === '' ? 'message' : this.#eventType,
      data: this.#data,
      id: this.#lastEventId,
    };
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#onEvent(event);
  }
}
