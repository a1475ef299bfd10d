// The fault × operation → outcome table of docs/guides/resilience.md, as data.
//
// It is the contract of the chaos suites: today `chaos-outcomes.test.ts`
// replays every row against MockChatModel (faults as the adapters classify
// them); the per-adapter suite against the testkit's fake server will replay
// the same rows on the wire, keyed by `id`. The guide's table is rendered
// from this data and a test keeps the two identical.

/** The setup every row assumes. */
export const chaosSetup = {
  /** `withResilience([primary, secondary], options)`; the fault hits the primary's first call only. */
  options: {
    deadline: { firstContentMs: 5000, idleMs: 5000, attemptMs: 30_000 },
    retry: { maxAttempts: 3, maxRetryAfterMs: 60_000 },
  },
} as const;

/** What a call must end with. */
export type ChaosExpectation =
  /** The primary answers after one retry, having waited `waitMs` (Retry-After) plus jitter, or its backoff. */
  | { readonly outcome: 'primary-after-retry'; readonly waitMs?: number }
  /** The secondary answers; the primary is not retried. */
  | { readonly outcome: 'secondary' }
  /** The stream ends with `StreamInterruptedError` carrying the partial answer; nothing is retried. */
  | {
      readonly outcome: 'interrupted';
      readonly cause: 'TimeoutError' | 'ConnectionError' | 'ResponseValidationError';
      readonly phase?: 'idle';
    };

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

const retried = (waitMs?: number): ChaosExpectation =>
  waitMs === undefined
    ? { outcome: 'primary-after-retry' }
    : { outcome: 'primary-after-retry', waitMs };
const secondary: ChaosExpectation = { outcome: 'secondary' };

/** Every fault of issue 5, in the guide's order. */
export const chaosCases: readonly ChaosCase[] = [
  {
    id: '429-retry-after-ms',
    fault: '429, `retry-after-ms: 1500`',
    generate: retried(1500),
    stream: retried(1500),
  },
  {
    id: '429-retry-after-seconds',
    fault: '429, `retry-after: 2`',
    generate: retried(2000),
    stream: retried(2000),
  },
  {
    id: '429-retry-after-date',
    fault: '429, `retry-after:` an HTTP date 3 s ahead',
    generate: retried(3000),
    stream: retried(3000),
  },
  {
    id: '429-openai-reset',
    fault: '429, `x-ratelimit-remaining-requests: 0`, `x-ratelimit-reset-requests: 1s`',
    generate: retried(1000),
    stream: retried(1000),
  },
  {
    id: '429-anthropic-reset',
    fault: '429, `anthropic-ratelimit-requests-remaining: 0`, `…-requests-reset:` 2 s ahead',
    generate: retried(2000),
    stream: retried(2000),
  },
  {
    id: '429-retry-after-too-long',
    fault: '429, `retry-after: 120` (over `maxRetryAfterMs`)',
    generate: secondary,
    stream: secondary,
  },
  {
    id: '429-quota',
    fault: '429, `insufficient_quota`',
    generate: secondary,
    stream: secondary,
  },
  { id: '500', fault: '500', generate: retried(), stream: retried() },
  { id: '503', fault: '503', generate: retried(), stream: retried() },
  { id: '529', fault: '529 (HTTP)', generate: retried(), stream: retried() },
  {
    id: '529-in-band',
    fault: '`overloaded_error` event before content (generate: HTTP 529)',
    generate: retried(),
    stream: retried(),
  },
  {
    id: 'reset',
    fault: 'connection reset before any byte',
    generate: retried(),
    stream: retried(),
  },
  {
    id: 'stall-before-content',
    fault: 'stall before first content, longer than the deadline',
    generate: retried(),
    stream: retried(),
  },
  {
    id: 'stall-before-content-with-pings',
    fault: 'stall before first content, with keep-alive comments or pings',
    generate: retried(),
    stream: retried(),
  },
  {
    id: 'stall-mid-stream',
    fault: 'stall after content, longer than `idleMs`',
    generate: retried(),
    stream: { outcome: 'interrupted', cause: 'TimeoutError', phase: 'idle' },
  },
  {
    id: 'stall-mid-stream-with-pings',
    fault: 'stall after content, with keep-alive comments or pings',
    generate: retried(),
    stream: { outcome: 'interrupted', cause: 'TimeoutError', phase: 'idle' },
  },
  {
    id: 'cut-mid-stream',
    fault: 'connection closed after content',
    generate: retried(),
    stream: { outcome: 'interrupted', cause: 'ConnectionError' },
  },
  {
    id: 'malformed-before-content',
    fault: 'malformed chunk before content (generate: malformed body)',
    generate: secondary,
    stream: secondary,
  },
  {
    id: 'malformed-mid-stream',
    fault: 'malformed chunk after content',
    generate: secondary,
    stream: { outcome: 'interrupted', cause: 'ResponseValidationError' },
  },
];

function describeExpectation(expectation: ChaosExpectation): string {
  switch (expectation.outcome) {
    case 'primary-after-retry':
      return expectation.waitMs === undefined
        ? 'answer from the primary after one retry (backoff)'
        : `answer from the primary after one retry, ${expectation.waitMs / 1000} s + jitter later`;
    case 'secondary':
      return 'answer from the secondary at once (no retry)';
    case 'interrupted':
      return `\`StreamInterruptedError\` with the partial answer, cause \`${expectation.cause}\`${
        expectation.phase === undefined ? '' : ` (phase \`${expectation.phase}\`)`
      }; no retry`;
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
