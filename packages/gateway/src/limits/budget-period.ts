import type { BudgetPeriod } from '../auth/gateway-key.ts';

/** One budget period: its id in the store and how long its counter must live. */
export interface BudgetPeriodWindow {
  /** `total`, `day:2026-11-26` or `month:2026-11` (UTC). */
  readonly id: string;
  /** Milliseconds the counter must outlive now (the period's end plus a day), or none for `total`. */
  readonly ttlMs: number | undefined;
}

const dayMs = 86_400_000;

/** The budget period `nowMs` falls in. */
export function budgetPeriodAt(period: BudgetPeriod, nowMs: number): BudgetPeriodWindow {
  if (period === 'total') return { id: 'total', ttlMs: undefined };
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const monthText = `${year}-${String(month + 1).padStart(2, '0')}`;
  if (period === 'day') {
    const day = now.getUTCDate();
    const end = Date.UTC(year, month, day + 1);
    return { id: `day:${monthText}-${String(day).padStart(2, '0')}`, ttlMs: end - nowMs + dayMs };
  }
  const end = Date.UTC(year, month + 1, 1);
  return { id: `month:${monthText}`, ttlMs: end - nowMs + dayMs };
}
