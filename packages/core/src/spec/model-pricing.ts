import type { ChatResult } from './chat-result.ts';
import type { Usage } from './usage.ts';

/**
 * What a model costs, in US dollars per million tokens, as the provider
 * publishes it. Prices of cache reads and writes and of reasoning are given
 * only where the provider bills them apart from plain input and output.
 */
export interface ModelPricing {
  /** USD per million input tokens that were neither read from nor written to the prompt cache. */
  readonly inputPerMillion: number;
  /** USD per million output tokens (reasoning tokens included unless {@link reasoningPerMillion} is set). */
  readonly outputPerMillion: number;
  /** USD per million input tokens read from the prompt cache; plain input price when absent. */
  readonly cacheReadPerMillion?: number | undefined;
  /** USD per million input tokens written to the prompt cache; plain input price when absent. */
  readonly cacheWritePerMillion?: number | undefined;
  /** USD per million reasoning tokens; the output price when absent. */
  readonly reasoningPerMillion?: number | undefined;
  /**
   * Prices of a request whose input is longer than `inputTokensAbove`
   * tokens: the whole request is then billed at `pricing` (OpenAI's GPT-5.4
   * and later above 272K input tokens, Claude Haiku 5.5 above 100K).
   */
  readonly longContext?:
    { readonly inputTokensAbove: number; readonly pricing: ModelPricing } | undefined;
}

/**
 * The cost of one call (or one failed attempt) in US dollars, split the way
 * providers bill it. `total` is the sum of the four parts.
 */
export interface Cost {
  /** Plain input tokens (cache reads and writes excluded). */
  readonly input: number;
  /** Input tokens read from the prompt cache. */
  readonly cachedInput: number;
  /** Input tokens written to the prompt cache. */
  readonly cacheWrite: number;
  /** Output tokens other than reasoning. */
  readonly output: number;
  /** Reasoning tokens (a subset of output tokens, billed at the reasoning or output price). */
  readonly reasoning: number;
  /** Everything above, in US dollars. */
  readonly total: number;
}

/**
 * The cost of `usage` at `pricing`, or `undefined` when either is missing or
 * the usage has neither input nor output counts. Unknown counts cost nothing:
 * a provider that reports no cache reads is billed at the plain input price.
 * A request past the long-context threshold is billed wholly at the
 * long-context prices.
 */
export function computeCost(
  usage: Usage | undefined,
  pricing: ModelPricing | undefined,
): Cost | undefined {
  if (usage === undefined || pricing === undefined) return undefined;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  const long = pricing.longContext;
  if (long !== undefined && (usage.inputTokens ?? 0) > long.inputTokensAbove) {
    return computeCost(usage, long.pricing);
  }
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const plainInput = Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite);
  const reasoningTokens = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens ?? 0);
  const plainOutput = Math.max(0, (usage.outputTokens ?? 0) - reasoningTokens);
  const perToken = (perMillion: number): number => perMillion / 1_000_000;
  const input = plainInput * perToken(pricing.inputPerMillion);
  const cachedInput = cacheRead * perToken(pricing.cacheReadPerMillion ?? pricing.inputPerMillion);
  const cacheWriteCost =
    cacheWrite * perToken(pricing.cacheWritePerMillion ?? pricing.inputPerMillion);
  const output = plainOutput * perToken(pricing.outputPerMillion);
  const reasoning =
    reasoningTokens * perToken(pricing.reasoningPerMillion ?? pricing.outputPerMillion);
  return {
    input,
    cachedInput,
    cacheWrite: cacheWriteCost,
    output,
    reasoning,
    total: input + cachedInput + cacheWriteCost + output + reasoning,
  };
}

/**
 * `result` with its `cost` at `pricing` (unchanged when the cost cannot be
 * computed): what an adapter returns from `generate`. Streams get theirs
 * from `ChatStreamOptions.pricing`.
 */
export function withCost(result: ChatResult, pricing: ModelPricing | undefined): ChatResult {
  const cost = computeCost(result.usage, pricing);
  return cost === undefined ? result : { ...result, cost };
}
