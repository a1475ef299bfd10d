import { describe, expect, it } from 'vitest';
import { observabilityVariants, type ObservabilityResults } from './measure-observability.ts';
import { observabilityTable } from './observability-table.ts';

function results(perCallUs: number, perStreamUs: number, perPartUs: number): ObservabilityResults {
  return {
    rounds: 3,
    bare: { perCallUs: 0.1, perLongStreamUs: 100 },
    variants: Object.fromEntries(
      observabilityVariants.map((name) => [name, { perCallUs, perStreamUs, perPartUs }]),
    ) as ObservabilityResults['variants'],
  };
}

describe('observabilityTable', () => {
  it('passes a stack within 2 µs per call and stream and 0.1 µs per part', () => {
    const table = observabilityTable(results(1.9, 2, 0.05));
    expect(table.rows.find((row) => row[0] === 'metrics')).toEqual([
      'metrics',
      '+1.90 µs',
      '+2.00 µs',
      '+0.050 µs',
      'pass',
    ]);
    // The SDK's own span is a reference, not judged.
    expect(table.rows[0]?.at(-1)).toBe('(not ours)');
  });

  it('misses a stack over any of the three', () => {
    for (const figures of [results(2.1, 1, 0), results(1, 2.1, 0), results(1, 1, 0.11)]) {
      expect(observabilityTable(figures).rows[1]?.at(-1)).toBe('miss');
    }
  });
});
