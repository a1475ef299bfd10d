import type { Registry, RegistryContentType } from 'prom-client';

/** The series of one metric as prom-client's `getMetricsAsJSON()` gives them. */
type Series = readonly {
  readonly labels: Partial<Record<string, string | number>>;
  readonly value: number;
}[];

const sum = (series: Series): number => series.reduce((total, { value }) => total + value, 0);

/** `value` per distinct `label`, in first-seen order, e.g. `rate-limit 1, overloaded 1`. */
function byLabel(series: Series, label: string): string {
  const totals = new Map<string, number>();
  for (const { labels, value } of series) {
    if (value === 0) continue;
    const key = String(labels[label] ?? '');
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  return [...totals].map(([key, value]) => `${value} ${key}`).join(', ');
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/**
 * One line about what the `llm_` metrics of `registry` recorded: calls by
 * outcome, retries by reason, fallbacks, tokens and cost.
 */
export async function describeMetrics(registry: Registry<RegistryContentType>): Promise<string> {
  const metrics = new Map(
    (await registry.getMetricsAsJSON()).map((metric) => [metric.name, metric.values as Series]),
  );
  const read = (name: string): Series => metrics.get(`llm_${name}`) ?? [];
  const requests = read('requests_total');
  const retries = read('retries_total');
  const tokens = read('tokens_total').filter(
    ({ labels }) => labels.type === 'input' || labels.type === 'output',
  );
  const cost = sum(read('cost_usd_total'));
  return [
    `${plural(sum(requests), 'call')} (${byLabel(requests, 'outcome')})`,
    `${plural(sum(retries), 'retry', 'retries')}${sum(retries) === 0 ? '' : ` (${byLabel(retries, 'reason')})`}`,
    plural(sum(read('fallbacks_total')), 'fallback'),
    plural(sum(tokens), 'token'),
    `$${cost.toPrecision(2)} by the catalog prices`,
  ].join(', ');
}
