// Replays every row of the chaos table at the model level: each fault is
// given to the primary as its adapter would classify it (with core's own
// classifier and Retry-After parser), then the outcome is checked. The
// per-adapter suite against the fake server (../chaos-wire/) replays the same
// rows on the wire. Also keeps docs/guides/resilience.md's table equal to the
// data.
import { readFileSync } from 'node:fs';
import {
  ConnectionError,
  ResponseValidationError,
  StreamInterruptedError,
  type ChatRequest,
} from '@org/llm-core';
import { classifyErrorPayload, classifyHttpFailure } from '@org/llm-core/adapter-kit';
import { MockChatModel, type MockResponse } from '@org/llm-testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ResilienceEvents,
  type FallbackEvent,
  type RetryEvent,
} from '../../src/events/resilience-events.ts';
import { withResilience } from '../../src/with-resilience.ts';
import { ask, stallUntilAborted, track } from '../support.ts';
import {
  chaosCases,
  chaosSetup,
  renderChaosTable,
  type ChaosExpectation,
} from './chaos-outcomes.ts';
import { expectChaosError } from './expect-chaos-error.ts';

const context = { provider: 'openai', modelId: 'primary' };
const rateLimitBody = {
  error: {
    message: 'Rate limit reached for requests',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
};
const quotaBody = {
  error: {
    message: 'You exceeded your current quota, please check your plan and billing details.',
    type: 'insufficient_quota',
    code: 'insufficient_quota',
  },
};

function http(
  status: number,
  headers: Record<string, string> = {},
  body: unknown = { error: { message: `HTTP ${status}` } },
): MockResponse {
  return { error: classifyHttpFailure(status, headers, body, { ...context, now: Date.now() }) };
}

/** The primary's first response for a row, as its adapter would produce it. */
function faultFor(
  id: string,
  operation: 'generate' | 'stream',
  request: ChatRequest,
): MockResponse | Promise<MockResponse> {
  const now = Date.now();
  const chunks = ['The ', 'answer ', 'is ', '42.'];
  switch (id) {
    case '429-retry-after-ms':
      return http(429, { 'retry-after-ms': '1500' }, rateLimitBody);
    case '429-retry-after-seconds':
      return http(429, { 'retry-after': '2' }, rateLimitBody);
    case '429-retry-after-date':
      return http(429, { 'retry-after': new Date(now + 3000).toUTCString() }, rateLimitBody);
    case '429-openai-reset':
      return http(
        429,
        { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' },
        rateLimitBody,
      );
    case '429-anthropic-reset':
      return http(
        429,
        {
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': new Date(now + 2000).toISOString(),
        },
        {
          type: 'error',
          error: { type: 'rate_limit_error', message: 'Number of requests exceeded' },
        },
      );
    case '429-retry-after-too-long':
      return http(429, { 'retry-after': '120' }, rateLimitBody);
    case '429-quota':
      return http(429, {}, quotaBody);
    case '500':
    case '503':
    case '529':
      return http(Number(id));
    case '529-in-band':
      return operation === 'stream'
        ? {
            error: classifyErrorPayload(
              { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
              undefined,
              context,
            ),
          }
        : http(529);
    case 'reset':
      return { error: new ConnectionError('socket hang up', context) };
    case 'stall-before-content':
    case 'stall-before-content-with-pings':
      // Keep-alive traffic never becomes a part, so the model sees silence.
      return stallUntilAborted(request);
    case 'stall-mid-stream':
    case 'stall-mid-stream-with-pings':
      return { chunks, stallAfterChunks: 2 };
    case 'cut-mid-stream':
      return operation === 'stream'
        ? {
            chunks,
            failAfterChunks: { chunks: 2, error: new ConnectionError('premature close', context) },
          }
        : { error: new ConnectionError('premature close', context) };
    case 'malformed-before-content':
      return { error: new ResponseValidationError('invalid JSON in chunk', context) };
    case 'malformed-mid-stream':
      return operation === 'stream'
        ? {
            chunks,
            failAfterChunks: {
              chunks: 2,
              error: new ResponseValidationError('invalid JSON in chunk', context),
            },
          }
        : { error: new ResponseValidationError('invalid JSON body', context) };
    default:
      throw new Error(`No model-level fault for chaos row '${id}'.`);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(chaosCases)('chaos row $id', (row) => {
  it.each(['generate', 'stream'] as const)('%s', async (operation) => {
    const expected: ChaosExpectation = row[operation];
    const callTimes: number[] = [];
    const primary = new MockChatModel({
      modelId: 'primary',
      respond: (request, call) => {
        callTimes.push(Date.now());
        return call.index === 0 ? faultFor(row.id, operation, request) : 'answer from primary';
      },
    });
    const secondary = new MockChatModel({
      modelId: 'secondary',
      respond: () => 'answer from secondary',
    });
    const events = new ResilienceEvents();
    const retries: RetryEvent[] = [];
    const fallbacks: FallbackEvent[] = [];
    events.onRetry((event) => retries.push(event));
    events.onFallback((event) => fallbacks.push(event));
    const model = withResilience([primary, secondary], {
      ...chaosSetup.options,
      retry: { ...chaosSetup.options.retry, random: () => 0 },
      events,
    });

    const run = track(
      operation === 'generate'
        ? model.generate(ask()).then((result) => result.text)
        : model.stream(ask()).then(async (stream) => (await stream.final()).text),
    );
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await run.done;

    switch (expected.outcome) {
      case 'primary-after-retry': {
        expect(run.error).toBeUndefined();
        expect(run.value).toBe('answer from primary');
        expect(primary.calls).toHaveLength(2);
        expect(secondary.calls).toHaveLength(0);
        expect(retries).toHaveLength(1);
        expectChaosError(retries[0]!.error, expected.error, row.id);
        const waitMs = expected.error.retryAfterMs;
        if (waitMs !== undefined) {
          expect(retries[0]!.delayMs).toBe(waitMs);
          expect(callTimes[1]! - callTimes[0]!).toBeGreaterThanOrEqual(waitMs);
        }
        break;
      }
      case 'secondary':
        expect(run.error).toBeUndefined();
        expect(run.value).toBe('answer from secondary');
        expect(primary.calls).toHaveLength(1);
        expect(retries).toEqual([]);
        expect(fallbacks).toHaveLength(1);
        expectChaosError(fallbacks[0]!.error, expected.error, row.id);
        break;
      case 'interrupted': {
        const error = run.error as StreamInterruptedError;
        expect(StreamInterruptedError.isInstance(error)).toBe(true);
        expect(error.partialText).toBe('The answer ');
        expectChaosError(error.cause, expected.error, row.id);
        expect(primary.calls).toHaveLength(1);
        expect(secondary.calls).toHaveLength(0);
        break;
      }
      default:
        expected satisfies never;
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});

it('matches the table in docs/guides/resilience.md', () => {
  const guide = readFileSync(
    new URL('../../../../docs/guides/resilience.md', import.meta.url),
    'utf8',
  );
  const section = /<!-- chaos-table:start -->([\s\S]*?)<!-- chaos-table:end -->/.exec(guide)?.[1];
  expect(section, 'the guide must hold the table between chaos-table markers').toBeDefined();
  // Prettier pads markdown cells: compare cell by cell.
  const cells = (table: string): string[][] =>
    table
      .trim()
      .split('\n')
      .map((line) =>
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/^-+$/, '---')),
      );
  expect(cells(section!)).toEqual(cells(renderChaosTable()));
});
