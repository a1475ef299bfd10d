import type { ModelInfo } from '../spec/model-info.ts';

/**
 * Where a model is in its provider's lifecycle on a given day:
 * - `active`: no end of life announced;
 * - `deprecated`: the provider announced its deprecation or end of life, which is still ahead;
 * - `retired`: its end of life has come; calls to it fail.
 */
export type ModelStatus = 'active' | 'deprecated' | 'retired';

/** `YYYY-MM-DD` of `date` in UTC, the form catalogs give dates in. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The lifecycle status of a catalog entry on `now` (default: today). A
 * model is retired from its `endOfLifeOn` day on (UTC).
 *
 * @example modelStatus(findAnthropicModel('claude-sonnet-4-5')!) // 'retired' (since 2026-11-30)
 */
export function modelStatus(info: ModelInfo, now: Date = new Date()): ModelStatus {
  if (info.endOfLifeOn !== undefined) {
    return isoDay(now) >= info.endOfLifeOn ? 'retired' : 'deprecated';
  }
  return info.deprecatedOn === undefined ? 'active' : 'deprecated';
}
