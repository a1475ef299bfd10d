import type { BenchResults, ClientRecord } from './bench-results.ts';
import { figure, type FigureId } from './figures.ts';
import { median, summarize, type Summary } from './stats.ts';

function valuesOf(results: BenchResults, id: FigureId, client: string): readonly (number | null)[] {
  // Results saved before a figure existed have no entry for it.
  return (results.rounds[id] as (typeof results.rounds)[FigureId] | undefined)?.[client] ?? [];
}

/** Median and spread of a client's figure over its rounds, or `undefined` when it has none. */
export function summaryOf(
  results: BenchResults,
  id: FigureId,
  client: string,
): Summary | undefined {
  // A fresh run's arrays may have holes where a round failed; saved ones have nulls.
  const values = valuesOf(results, id, client).filter(
    (value): value is number => typeof value === 'number',
  );
  return values.length === 0 ? undefined : summarize(values);
}

function paired(
  results: BenchResults,
  id: FigureId,
  client: string,
  reference: string,
  combine: (value: number, referenceValue: number) => number,
): number | undefined {
  const values = valuesOf(results, id, client);
  const references = valuesOf(results, id, reference);
  const combined: number[] = [];
  values.forEach((value, round) => {
    const referenceValue = references[round];
    if (typeof value === 'number' && typeof referenceValue === 'number') {
      combined.push(combine(value, referenceValue));
    }
  });
  return combined.length === 0 ? undefined : median(combined);
}

/**
 * How many times worse than `reference` a client is on a figure: the median
 * over rounds of the ratio of the two clients' values in the same round
 * (alternation makes each round a fair pair). Throughput is inverted
 * (reference / client) so that above 1 means worse for every figure.
 */
export function ratioTo(
  results: BenchResults,
  id: FigureId,
  client: string,
  reference: string,
): number | undefined {
  const inverted = figure(id).higherIsBetter;
  return paired(results, id, client, reference, (value, referenceValue) =>
    inverted ? referenceValue / value : value / referenceValue,
  );
}

/** The median over rounds of `client − reference` on a figure (in the figure's unit). */
export function differenceTo(
  results: BenchResults,
  id: FigureId,
  client: string,
  reference: string,
): number | undefined {
  return paired(results, id, client, reference, (value, referenceValue) => value - referenceValue);
}

/** The clients that were measured, in table order. */
export function measuredClients(results: BenchResults): ClientRecord[] {
  return results.clients.filter((client) => client.skipped === undefined);
}
