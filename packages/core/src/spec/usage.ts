/**
 * Token usage of one call. Every field is a whole number of tokens, or
 * `undefined` when the provider did not report it; never `NaN`.
 *
 * Fields are normalised across providers:
 * - `inputTokens` counts every input token, including cache reads and writes
 *   (Anthropic reports those apart; its adapter adds them up);
 * - `outputTokens` counts every generated token, including reasoning tokens.
 */
export interface Usage {
  /** Input (prompt) tokens, cache reads and writes included. */
  readonly inputTokens: number | undefined;
  /** Output (completion) tokens, reasoning tokens included. */
  readonly outputTokens: number | undefined;
  /** Input tokens served from the provider's prompt cache (a subset of `inputTokens`). */
  readonly cacheReadTokens: number | undefined;
  /** Input tokens written to the provider's prompt cache (a subset of `inputTokens`). */
  readonly cacheWriteTokens: number | undefined;
  /** Output tokens spent on reasoning (a subset of `outputTokens`). */
  readonly reasoningTokens: number | undefined;
}

const usageKeys = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
] as const satisfies readonly (keyof Usage)[];

/** A token count, or `undefined` for anything that is not a finite non-negative number. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Builds a {@link Usage} from partial fields; anything missing, `NaN` or negative becomes `undefined`. */
export function createUsage(fields: Partial<Record<keyof Usage, unknown>> = {}): Usage {
  return {
    inputTokens: tokenCount(fields.inputTokens),
    outputTokens: tokenCount(fields.outputTokens),
    cacheReadTokens: tokenCount(fields.cacheReadTokens),
    cacheWriteTokens: tokenCount(fields.cacheWriteTokens),
    reasoningTokens: tokenCount(fields.reasoningTokens),
  };
}

/**
 * Adds two usages field by field (for multi-step runs and retries). A field
 * is `undefined` only when it is `undefined` on both sides.
 */
export function addUsage(a: Usage, b: Usage): Usage {
  const out: Record<keyof Usage, number | undefined> = createUsage();
  for (const key of usageKeys) {
    const left = a[key];
    const right = b[key];
    out[key] = left === undefined ? right : right === undefined ? left : left + right;
  }
  return out;
}

/**
 * Overlays `update` on `base`: fields defined in `update` win. For providers
 * that report usage in pieces (Anthropic: input at the start, output at the end).
 */
export function mergeUsage(base: Usage, update: Partial<Usage>): Usage {
  const out: Record<keyof Usage, number | undefined> = { ...base };
  for (const key of usageKeys) {
    const value = tokenCount(update[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Total tokens of a usage (`inputTokens + outputTokens`), or `undefined` if either is unknown. */
export function totalTokens(usage: Usage): number | undefined {
  return usage.inputTokens === undefined || usage.outputTokens === undefined
    ? undefined
    : usage.inputTokens + usage.outputTokens;
}
