// How the fake server produces each row of the chaos table on each wire,
// keyed by the row's `id` (see ../chaos/chaos-outcomes.ts). A row a provider
// cannot produce is skipped, with the reason printed.
import {
  anthropic,
  fault,
  openai,
  type FakeScript,
  type FakeWire,
  type Fault,
} from '@org/llm-testkit';

/** The fault of one row on one wire: a script (built when the request arrives), or why there is none. */
export type WireFault =
  | {
      /** The primary's first answer; `now` is the clock the fake server and the adapters read. */
      readonly script: (now: number) => FakeScript;
    }
  | {
      /** Why the row does not exist on this wire. */
      readonly skip: string;
    };

/**
 * A row's fault struck at another position of this wire's stream, replayed
 * with the row's expected outcome (for example after a block was opened but
 * before any text: the stream has not committed yet, so it is still retried).
 */
export interface WireVariant {
  /** The row of the table it replays. */
  readonly rowId: string;
  /** The operation concerned. */
  readonly operation: 'generate' | 'stream';
  /** Where on the wire the fault strikes (the test title). */
  readonly variant: string;
  /** The primary's first answer. */
  readonly script: (now: number) => FakeScript;
}

/** What one wire needs to replay the table. */
export interface WireScripts {
  /** A plain text answer (the retry's or the fallback's). */
  answer(text: string): FakeScript;
  /** The text a mid-stream fault lets through before it strikes. */
  readonly partialText: string;
  /** Every row of the table, by id. */
  readonly faults: Readonly<Record<string, WireFault>>;
  /** Rows replayed once more with the fault at another position. */
  readonly extraVariants: readonly WireVariant[];
}

/**
 * How long a stall lasts (on the suite's faked clock): well past every
 * deadline the suite sets, so the deadline is what ends it. A deadline that
 * failed to fire shows up as a row that never goes on (the suite names what
 * it waited for), not as a different outcome. The fake server ends a stall
 * at once when the client disconnects.
 */
export const stallMs = 1500;
/** Keep-alive traffic during a stall "with pings": several per deadline. */
const keepAliveEveryMs = 40;

// The faulty answer streams these deltas; mid-stream faults strike after the first two.
const faultyText = 'The answer is 42.';
const chunks = ['The ', 'answer ', 'is ', '42.'];
const partialText = 'The answer ';

/** Where stream faults strike, in SSE events from the start of the stream. */
interface StreamLayout {
  /** A point before any content part: the stream is open, nothing is committed. */
  readonly beforeContent: number;
  /** Events before the first text delta. */
  readonly firstDelta: number;
}

/**
 * The faults that act on the stream itself. On a JSON answer (`generate()`)
 * the same faults act on the body: a stall holds it back after the headers
 * (keep-alive traffic does not exist there), a cut sends half of it and drops
 * the connection, a malformed one sends half of it as if complete.
 */
function streamFaults(
  text: (options: { readonly chunks: readonly string[]; readonly fault: Fault }) => FakeScript,
  layout: StreamLayout,
): Readonly<Record<string, WireFault>> {
  const midStream = layout.firstDelta + 2;
  const withFault = (applied: Fault): WireFault => ({
    script: () => text({ chunks, fault: applied }),
  });
  const pings = { comments: true, commentEveryMs: keepAliveEveryMs };
  return {
    reset: withFault(fault.reset()),
    'stall-before-content': withFault(fault.stall(stallMs, { afterChunks: layout.beforeContent })),
    'stall-before-content-with-pings': withFault(
      fault.stall(stallMs, { afterChunks: layout.beforeContent, ...pings }),
    ),
    'stall-mid-stream': withFault(fault.stall(stallMs, { afterChunks: midStream })),
    'stall-mid-stream-with-pings': withFault(
      fault.stall(stallMs, { afterChunks: midStream, ...pings }),
    ),
    'cut-mid-stream': withFault(fault.cut(midStream)),
    'malformed-before-content': withFault(fault.malformed(layout.beforeContent)),
    'malformed-mid-stream': withFault(fault.malformed(midStream)),
  };
}

const httpDate = (at: number): string => new Date(at).toUTCString();

/** The OpenAI Chat Completions wire (`@org/llm-openai-http`, `@org/llm-openai`). */
const openAIScripts: WireScripts = {
  answer: (text) => openai.text(text),
  partialText,
  faults: {
    // OpenAI sends retry-after (whole seconds), retry-after-ms and the
    // x-ratelimit-* resets together; the most precise one must win.
    '429-retry-after-ms': { script: () => openai.rateLimited({ retryAfterMs: 1500 }) },
    '429-retry-after-seconds': { script: () => openai.rateLimited({ retryAfterSeconds: 2 }) },
    // OpenAI itself sends seconds; a gateway in front of it may send a date.
    '429-retry-after-date': {
      script: (now) =>
        openai.rateLimited({
          resetRequests: '3s',
          headers: { 'retry-after': httpDate(now + 3000) },
        }),
    },
    // Only the reset headers: remaining-requests 0, reset-requests 1s.
    '429-openai-reset': { script: () => openai.rateLimited({ resetRequests: '1s' }) },
    '429-anthropic-reset': {
      skip: 'anthropic-ratelimit-* headers are Anthropic’s; the OpenAI wire’s own reset headers are row 429-openai-reset',
    },
    '429-retry-after-too-long': { script: () => openai.rateLimited({ retryAfterSeconds: 120 }) },
    '429-quota': { script: () => openai.quotaExhausted() },
    '500': {
      script: () =>
        openai.error(500, {
          message: 'The server had an error while processing your request. Sorry about that!',
        }),
    },
    '503': {
      script: () =>
        openai.error(503, {
          message: 'The engine is currently overloaded, please try again later.',
          type: 'server_error',
        }),
    },
    '529': {
      skip: 'OpenAI never answers HTTP 529 (Anthropic’s overloaded status); its overload is row 503',
    },
    '529-in-band': {
      skip: 'OpenAI streams have no in-band overloaded_error event (Anthropic’s); its overload is row 503',
    },
    // Event 1 is the role-only chunk; the first delta carries the first text.
    ...streamFaults((options) => openai.text(faultyText, options), {
      beforeContent: 1,
      firstDelta: 1,
    }),
  },
  extraVariants: [],
};

/**
 * The "before content" stream faults struck two events later, after Anthropic
 * has opened the (still empty) text block and pinged. An open block shows
 * nothing yet, so the stream has not committed: the fault must still end in a
 * retry or a fallback, not in a StreamInterruptedError with no text.
 */
function anthropicAfterEmptyBlock(): readonly WireVariant[] {
  const late = streamFaults((options) => anthropic.text(faultyText, options), {
    beforeContent: 3,
    firstDelta: 3,
  });
  const rows = [
    'stall-before-content',
    'stall-before-content-with-pings',
    'malformed-before-content',
  ];
  return rows.map((rowId): WireVariant => {
    const struck = late[rowId];
    if (struck === undefined || !('script' in struck)) throw new Error(`No fault for ${rowId}.`);
    return {
      rowId,
      operation: 'stream',
      variant: 'after content_block_start and ping, before the first text_delta',
      script: struck.script,
    };
  });
}

/** The Anthropic Messages wire (`@org/llm-anthropic`). */
const anthropicScripts: WireScripts = {
  answer: (text) => anthropic.text(text),
  partialText,
  faults: {
    // Anthropic sends retry-after in seconds; its SDK (and gateways) also
    // know retry-after-ms, which must win over the seconds and the resets.
    '429-retry-after-ms': {
      script: () =>
        anthropic.rateLimited({ retryAfterSeconds: 2, headers: { 'retry-after-ms': '1500' } }),
    },
    '429-retry-after-seconds': { script: () => anthropic.rateLimited({ retryAfterSeconds: 2 }) },
    '429-retry-after-date': {
      script: (now) =>
        anthropic.rateLimited({
          retryAfterSeconds: 3,
          headers: { 'retry-after': httpDate(now + 3000) },
        }),
    },
    '429-openai-reset': {
      skip: 'x-ratelimit-* headers are OpenAI’s; the Anthropic wire’s own reset headers are row 429-anthropic-reset',
    },
    // Only the reset headers (no retry-after): requests exhausted, reset 2 s ahead.
    '429-anthropic-reset': {
      script: (now) => anthropic.rateLimited({ requestsReset: new Date(now + 2000).toISOString() }),
    },
    '429-retry-after-too-long': {
      script: () => anthropic.rateLimited({ retryAfterSeconds: 120 }),
    },
    // Anthropic has no 429 quota error: an empty balance is this 400.
    '429-quota': {
      script: () =>
        anthropic.error(400, {
          message:
            'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        }),
    },
    '500': { script: () => anthropic.error(500, { message: 'Internal server error' }) },
    // Not a status the Messages API documents, but what a proxy or load balancer in front of it answers.
    '503': { script: () => anthropic.error(503, { message: 'Service Unavailable' }) },
    '529': { script: () => anthropic.overloaded() },
    // The first stream event; a request that does not stream gets HTTP 529.
    '529-in-band': { script: () => anthropic.overloaded({ inBand: true }) },
    // Events: message_start, content_block_start, ping, then the text deltas.
    // "Before content" strikes right after message_start here, and once more
    // after content_block_start and ping (extraVariants).
    ...streamFaults((options) => anthropic.text(faultyText, options), {
      beforeContent: 1,
      firstDelta: 3,
    }),
  },
  extraVariants: anthropicAfterEmptyBlock(),
};

/** Every wire's scripts. */
export const wireScripts: Readonly<Record<FakeWire, WireScripts>> = {
  openai: openAIScripts,
  anthropic: anthropicScripts,
};
