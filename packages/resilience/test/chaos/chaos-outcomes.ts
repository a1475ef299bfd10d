// The fault × operation → outcome table of docs/guides/resilience.md, as data.
//
// It is the contract of the chaos suites, keyed by `id`:
// `chaos-outcomes.test.ts` replays every row against MockChatModel (faults
// as the adapters classify them), and `../chaos-wire/` replays them on the
// wire, for every adapter, against the testkit's fake server. The guide's
// table is rendered from this data and a test keeps the two identical.

/** The setup every row assumes. */
export const chaosSetup = {
  /** `withResilience([primary, secondary], options)`; the fault hits the primary's first call only. */
  options: {
    deadline: { firstContentMs: 5000, idleMs: 5000, attemptMs: 30_000 },
    retry: { maxAttempts: 3, maxRetryAfterMs: 60_000 },
  },
} as const;

/** Error classes the table names. */
export type ChaosErrorName =
  | 'RateLimitError'
  | 'ServerError'
  | 'OverloadedError'
  | 'ConnectionError'
  | 'TimeoutError'
  | 'ResponseValidationError';

/**
 * The error a fault is classified as: what the retry and fallback layers act
 * on (or, for an interrupted stream, the `StreamInterruptedError`'s cause).
 * Every adapter must classify the fault the same way.
 */
export interface ChaosError {
  /** The `LlmError` subclass. */
  readonly name: ChaosErrorName;
  /** Its `isRetryable`. */
  readonly isRetryable: boolean;
  /** Its `retryAfterMs` (the provider's wait); absent means `undefined`. */
  readonly retryAfterMs?: number;
  /** `kind` of a `RateLimitError`. */
  readonly kind?: 'throttled' | 'quota-exhausted';
  /** `phase` of a `TimeoutError`. */
  readonly phase?: 'first-content' | 'idle' | 'attempt';
}

/** What a call must end with, and the error the fault is classified as. */
export type ChaosExpectation =
  /**
   * The primary answers after one retry, having waited the error's
   * `retryAfterMs` plus jitter when it has one, else its backoff.
   */
  | { readonly outcome: 'primary-after-retry'; readonly error: ChaosError }
  /** The secondary answers; the primary is not retried. */
  | { readonly outcome: 'secondary'; readonly error: ChaosError }
  /**
   * The stream ends with `StreamInterruptedError` carrying the partial
   * answer, `error` being its cause; nothing is retried.
   */
  | { readonly outcome: 'interrupted'; readonly error: ChaosError };

/** One fault and what `generate()` and `stream()` must end with. */
export interface ChaosCase {
  /** Stable key, shared by every level of the chaos suite. */
  readonly id: string;
  /** The fault as the fake server injects it (markdown). */
  readonly fault: string;
  /** Outcome of `generate()`. */
  readonly generate: ChaosExpectation;
  /** Outcome of `stream()`. */
  readonly stream: ChaosExpectation;
}

const retried = (error: ChaosError): ChaosExpectation => ({
  outcome: 'primary-after-retry',
  error,
});
const secondary = (error: ChaosError): ChaosExpectation => ({ outcome: 'secondary', error });
const interrupted = (error: ChaosError): ChaosExpectation => ({ outcome: 'interrupted', error });
const throttled = (retryAfterMs: number): ChaosError => ({
  name: 'RateLimitError',
  isRetryable: true,
  retryAfterMs,
  kind: 'throttled',
});
const retryable = (name: ChaosErrorName): ChaosError => ({ name, isRetryable: true });
const timeout = (phase: 'first-content' | 'idle' | 'attempt'): ChaosError => ({
  name: 'TimeoutError',
  isRetryable: true,
  phase,
});
const malformed: ChaosError = { name: 'ResponseValidationError', isRetryable: false };
const quota: ChaosError = { name: 'RateLimitError', isRetryable: false, kind: 'quota-exhausted' };

/** Every fault of issue 5, in the guide's order. */
export const chaosCases: readonly ChaosCase[] = [
  {
    id: '429-retry-after-ms',
    fault: '429, `retry-after-ms: 1500`',
    generate: retried(throttled(1500)),
    stream: retried(throttled(1500)),
  },
  {
    id: '429-retry-after-seconds',
    fault: '429, `retry-after: 2`',
    generate: retried(throttled(2000)),
    stream: retried(throttled(2000)),
  },
  {
    id: '429-retry-after-date',
    fault: '429, `retry-after:` an HTTP date 3 s ahead',
    generate: retried(throttled(3000)),
    stream: retried(throttled(3000)),
  },
  {
    id: '429-openai-reset',
    fault: '429, `x-ratelimit-remaining-requests: 0`, `x-ratelimit-reset-requests: 1s`',
    generate: retried(throttled(1000)),
    stream: retried(throttled(1000)),
  },
  {
    id: '429-anthropic-reset',
    fault: '429, `anthropic-ratelimit-requests-remaining: 0`, `…-requests-reset:` 2 s ahead',
    generate: retried(throttled(2000)),
    stream: retried(throttled(2000)),
  },
  {
    id: '429-retry-after-too-long',
    fault: '429, `retry-after: 120` (over `maxRetryAfterMs`)',
    generate: secondary(throttled(120_000)),
    stream: secondary(throttled(120_000)),
  },
  {
    id: '429-quota',
    fault: '429, `insufficient_quota` (Anthropic: 400, credit balance too low)',
    generate: secondary(quota),
    stream: secondary(quota),
  },
  {
    id: '500',
    fault: '500',
    generate: retried(retryable('ServerError')),
    stream: retried(retryable('ServerError')),
  },
  {
    id: '503',
    fault: '503',
    generate: retried(retryable('OverloadedError')),
    stream: retried(retryable('OverloadedError')),
  },
  {
    id: '529',
    fault: '529 (HTTP)',
    generate: retried(retryable('OverloadedError')),
    stream: retried(retryable('OverloadedError')),
  },
  {
    id: '529-in-band',
    fault: '`overloaded_error` event before content (generate: HTTP 529)',
    generate: retried(retryable('OverloadedError')),
    stream: retried(retryable('OverloadedError')),
  },
  {
    id: 'reset',
    fault: 'connection reset before any byte',
    generate: retried(retryable('ConnectionError')),
    stream: retried(retryable('ConnectionError')),
  },
  {
    id: 'stall-before-content',
    fault: 'stall before first content, longer than the deadline',
    generate: retried(timeout('attempt')),
    stream: retried(timeout('first-content')),
  },
  {
    id: 'stall-before-content-with-pings',
    fault: 'stall before first content, with keep-alive comments or pings',
    generate: retried(timeout('attempt')),
    stream: retried(timeout('first-content')),
  },
  {
    id: 'stall-mid-stream',
    fault: 'stall after content, longer than `idleMs`',
    generate: retried(timeout('attempt')),
    stream: interrupted(timeout('idle')),
  },
  {
    id: 'stall-mid-stream-with-pings',
    fault: 'stall after content, with keep-alive comments or pings',
    generate: retried(timeout('attempt')),
    stream: interrupted(timeout('idle')),
  },
  {
    id: 'cut-mid-stream',
    fault: 'connection closed after content (generate: body cut in half)',
    generate: retried(retryable('ConnectionError')),
    stream: interrupted(retryable('ConnectionError')),
  },
  {
    id: 'malformed-before-content',
    fault: 'malformed chunk before content (generate: malformed body)',
    generate: secondary(malformed),
    stream: secondary(malformed),
  },
  {
    id: 'malformed-mid-stream',
    fault: 'malformed chunk after content (generate: malformed body)',
    generate: secondary(malformed),
    stream: interrupted(malformed),
  },
];

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** The error, as a table cell shows it: "`TimeoutError` (phase `idle`, retryable)". */
export function describeChaosError(error: ChaosError): string {
  const facts = [
    ...(error.kind === undefined ? [] : [`\`${error.kind}\``]),
    ...(error.phase === undefined ? [] : [`phase \`${error.phase}\``]),
    error.isRetryable ? 'retryable' : 'not retryable',
    ...(error.retryAfterMs === undefined ? [] : [`Retry-After ${seconds(error.retryAfterMs)}`]),
  ];
  return `\`${error.name}\` (${facts.join(', ')})`;
}

function describeExpectation(expectation: ChaosExpectation): string {
  const error = describeChaosError(expectation.error);
  switch (expectation.outcome) {
    case 'primary-after-retry': {
      const wait = expectation.error.retryAfterMs;
      return wait === undefined
        ? `${error}: answer from the primary after one retry (backoff)`
        : `${error}: answer from the primary after one retry, ${seconds(wait)} + jitter later`;
    }
    case 'secondary':
      return `${error}: answer from the secondary at once (no retry)`;
    case 'interrupted':
      return `\`StreamInterruptedError\` with the partial answer, cause ${error}; no retry`;
    default:
      expectation satisfies never;
      return '';
  }
}

/** The guide's markdown table. */
export function renderChaosTable(cases: readonly ChaosCase[] = chaosCases): string {
  const rows = cases.map(
    (row) =>
      `| ${row.fault} | ${describeExpectation(row.generate)} | ${describeExpectation(row.stream)} |`,
  );
  return [
    '| Fault (primary, first call) | `generate()` | `stream()` |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}
