import { FakeServerError } from './fake-server-error.ts';

/**
 * A transport fault the fake server injects while answering one request.
 *
 * Counts (`afterChunks`) are SSE events as written on the wire, starting with
 * the first one (the role-only chunk on OpenAI, `message_start` on Anthropic)
 * and including `ping` events. Faults on a JSON (non-streamed) answer act on
 * its single body instead: `cut` sends half the body and drops the
 * connection, `malformed` sends half the body as if complete, `stall` holds
 * the body back after the headers.
 */
export type Fault =
  /** Destroys the socket (TCP reset) before any response byte: the client sees a connection error. */
  | { readonly kind: 'reset' }
  /** Sends `afterChunks` events, then ends the response cleanly without the terminator (`[DONE]` / `message_stop`). */
  | { readonly kind: 'cut'; readonly afterChunks: number }
  /**
   * After the headers and `afterChunks` events (default 0), sends nothing for
   * `ms` milliseconds, then goes on. With `comments`, keep-alive traffic is
   * sent meanwhile every `commentEveryMs` (default: a quarter of `ms`, at most
   * 1 s): `: ping` SSE comments on OpenAI, `ping` events on Anthropic.
   */
  | {
      readonly kind: 'stall';
      readonly ms: number;
      readonly afterChunks?: number | undefined;
      readonly comments?: boolean | undefined;
      readonly commentEveryMs?: number | undefined;
    }
  /** Sends one SSE event whose data is invalid JSON after `afterChunks` events, then goes on. */
  | { readonly kind: 'malformed'; readonly afterChunks: number }
  /** Waits `ms` milliseconds before the status line. */
  | { readonly kind: 'slow-first-byte'; readonly ms: number }
  /**
   * Echoes the API key the request carried (`authorization` without its
   * scheme, `x-api-key` or `api-key`) back in the answer, as a misconfigured
   * auth proxy does: in the `x-request-id` / `request-id` headers
   * (`req_<key>`), in `x-echoed-authorization` and `www-authenticate`, in an
   * error's message, `request_id` and an `echo` object (a JSON error body or
   * an SSE error event), in a plain-text or HTML body (an HTML page's title
   * too), and at the start of the data of a `malformed` fault's event. For
   * testing that an adapter's errors never carry the key (see
   * `findSecretLeaks`). Combine it with other faults.
   */
  | { readonly kind: 'echo-key' };

/**
 * One-line builders of every {@link Fault}, for scripts' `fault` option:
 * `openai.text('Hi', { fault: fault.cut(2) })`.
 */
export const fault = {
  /** TCP reset before any response byte. */
  reset: (): Fault => ({ kind: 'reset' }),
  /** End the stream after `afterChunks` events, without the terminator. */
  cut: (afterChunks: number): Fault => ({ kind: 'cut', afterChunks }),
  /** No bytes (or only keep-alive comments) for `ms` milliseconds. */
  stall: (
    ms: number,
    options: {
      readonly afterChunks?: number;
      readonly comments?: boolean;
      readonly commentEveryMs?: number;
    } = {},
  ): Fault => ({ kind: 'stall', ms, ...options }),
  /** One invalid-JSON event after `afterChunks` events. */
  malformed: (afterChunks: number): Fault => ({ kind: 'malformed', afterChunks }),
  /** Wait `ms` milliseconds before the status line. */
  slowFirstByte: (ms: number): Fault => ({ kind: 'slow-first-byte', ms }),
  /** Echo the request's API key in headers, error bodies and messages. */
  echoKey: (): Fault => ({ kind: 'echo-key' }),
} as const;

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new FakeServerError(`${what} must be a whole number >= 0, got ${String(value)}.`);
  }
}

function checkMs(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new FakeServerError(
      `${what} must be a finite number of milliseconds >= 0, got ${String(value)}.`,
    );
  }
}

/** Normalises a script's `fault` option to a list and checks every number in it. */
export function toFaultList(input: Fault | readonly Fault[] | undefined): readonly Fault[] {
  if (input === undefined) return [];
  const list: readonly Fault[] = Array.isArray(input) ? input : [input as Fault];
  for (const item of list) {
    switch (item.kind) {
      case 'reset':
      case 'echo-key':
        break;
      case 'cut':
      case 'malformed':
        checkCount(item.afterChunks, `fault '${item.kind}' afterChunks`);
        break;
      case 'stall':
        checkMs(item.ms, "fault 'stall' ms");
        if (item.afterChunks !== undefined)
          checkCount(item.afterChunks, "fault 'stall' afterChunks");
        if (item.commentEveryMs !== undefined) {
          checkMs(item.commentEveryMs, "fault 'stall' commentEveryMs");
          if (item.commentEveryMs === 0) {
            throw new FakeServerError("fault 'stall' commentEveryMs must be greater than 0.");
          }
        }
        break;
      case 'slow-first-byte':
        checkMs(item.ms, "fault 'slow-first-byte' ms");
        break;
      default:
        throw new FakeServerError(
          `Unknown fault kind ${JSON.stringify((item as { kind: unknown }).kind)}: use reset, cut, stall, malformed, slow-first-byte or echo-key.`,
        );
    }
  }
  return list;
}
