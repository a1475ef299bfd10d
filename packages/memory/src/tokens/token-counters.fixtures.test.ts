// The token counters against the input tokens that OpenAI and Anthropic
// reported for the recorded requests of ../shared/peers/fixtures.
import type { TokenCounter } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { recordedRequests, type RecordedRequest } from '../test-support/recorded-requests.ts';
import { claudeTokenCounter } from './claude-token-counter.ts';
import { openAIEncodingFor, openAITokenCounter } from './openai-token-counter.ts';

interface Row {
  readonly request: RecordedRequest;
  readonly counted: number;
  /** (counted - reported) / reported */
  readonly error: number;
}

async function measure(
  requests: readonly RecordedRequest[],
  counterFor: (request: RecordedRequest) => TokenCounter,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const request of requests) {
    const counter = counterFor(request);
    const counts = await counter.countMessages(request.messages);
    const counted =
      (await counter.countOverhead(request.overhead)) +
      counts.reduce((sum, value) => sum + value, 0);
    rows.push({ request, counted, error: (counted - request.inputTokens) / request.inputTokens });
  }
  console.log(
    rows
      .map(
        (row) =>
          `${row.request.name.padEnd(58)} ${row.request.modelId.padEnd(18)} reported ${String(row.request.inputTokens).padStart(5)} counted ${String(row.counted).padStart(5)} (${(row.error * 100).toFixed(1)}%)`,
      )
      .join('\n'),
  );
  return rows;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const openai = recordedRequests('openai');
const anthropic = recordedRequests('anthropic');

describe('token counters against recorded usage', () => {
  if (typeof openai === 'string' || typeof anthropic === 'string') {
    const reason =
      typeof openai === 'string' ? openai : typeof anthropic === 'string' ? anthropic : '';
    console.log(`Skipping the token counts against recorded usage: ${reason}.`);
    it.skip(`needs the recorded fixtures: ${reason}`, () => undefined);
    return;
  }

  it('counts OpenAI text requests within 2 tokens, and requests with tools within 45', async () => {
    const rows = await measure(openai, (request) =>
      openAITokenCounter(openAIEncodingFor(request.modelId)),
    );
    const plain = rows.filter(
      (row) =>
        row.request.overhead.tools === undefined &&
        row.request.overhead.responseFormat === undefined,
    );
    const withTools = rows.filter((row) => !plain.includes(row));
    expect(plain.length).toBeGreaterThanOrEqual(3);
    expect(withTools.length).toBeGreaterThanOrEqual(12);
    for (const row of plain)
      expect(Math.abs(row.counted - row.request.inputTokens), row.request.name).toBeLessThanOrEqual(
        2,
      );
    for (const row of withTools)
      expect(Math.abs(row.counted - row.request.inputTokens), row.request.name).toBeLessThanOrEqual(
        45,
      );
  });

  it('estimates Claude requests with the error the docs state', async () => {
    const rows = await measure(anthropic, () => claudeTokenCounter());
    const errors = rows.map((row) => Math.abs(row.error));
    const reported = rows.reduce((sum, row) => sum + row.request.inputTokens, 0);
    const off = rows.reduce((sum, row) => sum + Math.abs(row.counted - row.request.inputTokens), 0);
    const worstUnder = Math.min(...rows.map((row) => row.counted - row.request.inputTokens));
    console.log(
      `Claude estimate over ${rows.length} requests: median |error| ${(median(errors) * 100).toFixed(1)}%, tokens off in all ${((off / reported) * 100).toFixed(1)}%, worst under-estimate ${worstUnder} tokens, relative errors from ${(Math.min(...rows.map((row) => row.error)) * 100).toFixed(1)}% to +${(Math.max(...rows.map((row) => row.error)) * 100).toFixed(1)}%`,
    );
    // docs/guides/conversation-stores.md quotes these bounds.
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(median(errors)).toBeLessThanOrEqual(0.12);
    expect(off / reported).toBeLessThanOrEqual(0.15);
    expect(worstUnder).toBeGreaterThanOrEqual(-130);
  });
});
