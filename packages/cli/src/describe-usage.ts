import type { Cost, Usage } from '@org/llm-core';

/** US dollars with enough digits for one call (`$0.000123`), or `$0` when nothing was billed. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3).replace(/0+$/, '')}`;
}

/** Token counts as a person reads them: `12 in, 34 out` (plus cache and reasoning when reported). */
export function formatTokens(usage: Usage): string {
  const count = (value: number | undefined): string => (value === undefined ? '?' : String(value));
  const parts = [`${count(usage.inputTokens)} in`, `${count(usage.outputTokens)} out`];
  if ((usage.cacheReadTokens ?? 0) > 0) parts.push(`${count(usage.cacheReadTokens)} cached`);
  if ((usage.reasoningTokens ?? 0) > 0) parts.push(`${count(usage.reasoningTokens)} reasoning`);
  return parts.join(', ');
}

/**
 * How a command names the model it used: the id given (`default`, an alias)
 * with the `provider:model` it stands for when they differ.
 */
export function modelLabel(
  id: string,
  model: { readonly provider: string; readonly modelId: string },
): string {
  const full = `${model.provider}:${model.modelId}`;
  return id === full ? id : `${id} (${full})`;
}

/**
 * One line about a call: the model, tokens, cost (or why there is none) and
 * time, e.g. `openai:gpt-6-luna · 12 in, 34 out tokens · $0.000123 · 1.2 s`.
 */
export function describeUsage(
  model: string,
  usage: Usage,
  cost: Cost | undefined,
  elapsedMs: number,
): string {
  const price =
    cost === undefined ? 'cost unknown (no prices for this model)' : formatUsd(cost.total);
  return `${model} · ${formatTokens(usage)} tokens · ${price} · ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** Usage and cost as `--json` prints them. */
export function usageJson(
  usage: Usage,
  cost: Cost | undefined,
): { readonly usage: Usage; readonly costUsd: number | null } {
  return { usage, costUsd: cost === undefined ? null : cost.total };
}
