import type { Table } from '../render-tables.ts';
import { observabilityVariants, type ObservabilityResults } from './measure-observability.ts';

/** Issue #12's budget: CPU added per call and per stream part, in µs. */
export const observabilityTargets = { perCallUs: 2, perPartUs: 0.1 } as const;

const signed = (value: number, digits: number): string =>
  `${value >= 0 ? '+' : ''}${value.toFixed(digits)} µs`;

/**
 * CPU added by each decorator stack around an instant model, with whether
 * it meets the issue #12 budget (≤ 2 µs per call, ≤ 0.1 µs per part).
 */
export function observabilityTable(results: ObservabilityResults): Table {
  return {
    title: `Metrics and tracing overhead on an instant model (median of ${results.rounds} rounds; bare model: ${results.bare.perCallUs.toFixed(2)} µs per generate, ${results.bare.perLongStreamUs.toFixed(1)} µs per 1006-part stream)`,
    headers: [
      'stack',
      'added per call',
      'added per stream',
      'added per part',
      'target (≤ 2 µs/call, ≤ 0.1 µs/part)',
    ],
    rows: observabilityVariants.map((name) => {
      const figures = results.variants[name];
      const pass =
        figures.perCallUs <= observabilityTargets.perCallUs &&
        figures.perStreamUs <= observabilityTargets.perCallUs &&
        figures.perPartUs <= observabilityTargets.perPartUs;
      if (name === 'SDK span alone (reference)') {
        return [
          name,
          signed(figures.perCallUs, 2),
          signed(figures.perStreamUs, 2),
          signed(figures.perPartUs, 3),
          '(not ours)',
        ];
      }
      return [
        name,
        signed(figures.perCallUs, 2),
        signed(figures.perStreamUs, 2),
        signed(figures.perPartUs, 3),
        pass ? 'pass' : 'miss',
      ];
    }),
  };
}
