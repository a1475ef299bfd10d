import type { Fault } from './fault.ts';
import type { RecordedRequest } from './recorded-request.ts';

/**
 * The wire endpoints the fake server answers with scripts:
 * - `openai-chat`: `POST …/chat/completions` (OpenAI Chat Completions, also
 *   under Azure-style or other OpenAI-compatible prefixes);
 * - `anthropic-messages`: `POST …/v1/messages`;
 * - `anthropic-count-tokens`: `POST …/v1/messages/count_tokens`.
 */
export type FakeEndpoint = 'openai-chat' | 'anthropic-messages' | 'anthropic-count-tokens';

/** A `content-encoding` the fake server can compress an answer with. */
export type FakeContentEncoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/** The provider wire a script speaks. */
export type FakeWire = 'openai' | 'anthropic';

/** What a script sees when the server renders it for one request. */
export interface FakeScriptContext {
  /** The request being answered. */
  readonly request: RecordedRequest;
  /** Its endpoint. */
  readonly endpoint: FakeEndpoint;
  /** `true` when the request body has `"stream": true`. */
  readonly stream: boolean;
  /** `true` when the request body has `"stream_options": { "include_usage": true }` (OpenAI). */
  readonly includeUsage: boolean;
  /** The id the response carries in `x-request-id` (OpenAI) or `request-id` (Anthropic). */
  readonly requestId: string;
  /** The server clock, in milliseconds since the epoch. */
  readonly now: number;
  /** A fresh id with this prefix, deterministic per server (`chatcmpl-`, `msg_`…). */
  nextId(prefix: string): string;
}

/**
 * A rendered answer, ready to be written. `units` are the pieces faults count:
 * one per SSE event for `events` (the last one being the stream's terminator,
 * `data: [DONE]` or `message_stop`, which `cut` never sends), or the whole
 * body for `body`.
 */
export interface WireResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers (names in lower case). */
  readonly headers: Readonly<Record<string, string>>;
  /** `events` for an SSE stream written event by event, `body` for one body. */
  readonly kind: 'body' | 'events';
  /** The bytes to write, in order. */
  readonly units: readonly (string | Uint8Array)[];
  /** What a stall with `comments` sends periodically (an SSE comment or a `ping` event). */
  readonly keepAlive: string;
  /** The event a `malformed` fault writes (its data is not valid JSON). */
  readonly malformedEvent: string;
}

/**
 * One scripted answer for one request, built by `openai.*` or `anthropic.*`.
 * The server renders it against the request (stream or not, usage chunk or
 * not) and writes it, injecting its faults. Custom scripts may implement this
 * interface, though `openai.raw` / `anthropic.raw` cover most needs.
 */
export interface FakeScript {
  /** The wire this script speaks; used on the other wire's endpoint it fails loudly. */
  readonly wire: FakeWire;
  /** A short description for error messages, e.g. `openai.text("Hello")`. */
  readonly label: string;
  /** The endpoints this script can answer. */
  readonly endpoints: readonly FakeEndpoint[];
  /** Faults to inject while writing the answer. */
  readonly faults: readonly Fault[];
  /** Delay between two units (SSE events), in milliseconds; 0 writes them back to back. */
  readonly paceMs: number;
  /** Compresses the answer with this `content-encoding` (see {@link FakeScriptOptions.contentEncoding}). */
  readonly contentEncoding?: FakeContentEncoding | undefined;
  /** Renders the answer to one request. */
  render(context: FakeScriptContext): WireResponse;
}

/** Options every script builder accepts. */
export interface FakeScriptOptions {
  /** Extra response headers; they override the defaults. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Faults to inject (one, or several applied together). */
  readonly fault?: Fault | readonly Fault[] | undefined;
  /**
   * Delay between two SSE events, in milliseconds (default 0), to imitate a
   * model producing tokens over time. Timers are cleared on disconnect.
   */
  readonly paceMs?: number | undefined;
  /**
   * Compresses the answer and sends `content-encoding` (whatever the request's
   * `accept-encoding` says, as some proxies do): a body at once, an SSE
   * stream through one compressor flushed after every event, so each event
   * can be decoded as it arrives. `zstd` needs a Node with zlib's zstd.
   */
  readonly contentEncoding?: FakeContentEncoding | undefined;
}
