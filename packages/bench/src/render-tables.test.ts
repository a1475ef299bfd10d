import { describe, expect, it } from 'vitest';
import type { BenchResults, ClientRecord } from './bench-results.ts';
import { skippedTable } from './render-tables.ts';

function results(
  clients: readonly ClientRecord[],
  failures?: Record<string, string>,
): BenchResults {
  return { clients, failures } as unknown as BenchResults;
}

const measured: ClientRecord = {
  id: 'openai.llm-openai-http',
  label: '@org/llm-openai-http (undici)',
  short: 'ours (undici)',
  group: 'openai',
  kind: 'ours',
};

describe('skippedTable', () => {
  it('is absent when every client and measurement ran', () => {
    expect(skippedTable(results([measured], {}))).toBeUndefined();
    expect(skippedTable(results([measured]))).toBeUndefined();
  });

  it('lists skipped clients and failed measurements with the first line of their reason', () => {
    const skipped: ClientRecord = {
      ...measured,
      id: 'openai.vercel-ai',
      label: 'Vercel AI SDK',
      skipped: 'not installed',
    };
    const table = skippedTable(
      results([measured, skipped], {
        'openai.llm-openai-http cold start':
          'cold start of openai.llm-openai-http failed: SyntaxError: bad\nfile:///x.ts:1\n  at y',
      }),
    );
    expect(table?.rows).toEqual([
      ['Vercel AI SDK', 'not installed'],
      [
        'openai.llm-openai-http cold start',
        'cold start of openai.llm-openai-http failed: SyntaxError: bad',
      ],
    ]);
  });
});
