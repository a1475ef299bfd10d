import { InvalidRequestError, type Cost, type Usage } from '@org/llm-core';
import type { GatewayKey } from '../auth/gateway-key.ts';
import type { GatewayClock } from '../circuits/gateway-clock.ts';
import { KeyLimitError } from '../http/key-limit-error.ts';
import type { GatewayState } from '../state/gateway-state.ts';
import { budgetPeriodAt } from './budget-period.ts';

/** What was taken from a key's limits for one request, to settle once its usage is known. */
export interface Admission {
  /** The key. */
  readonly key: GatewayKey;
  /** Tokens charged up front to the key's TPM bucket. */
  readonly estimatedTokens: number;
}

/**
 * Enforces each gateway key's limits through the shared state: its budget
 * (checked before the call, charged after it) and its RPM/TPM buckets
 * (a request and its estimated input tokens taken before the call, the
 * difference to the real usage settled after it).
 */
export class KeyLimits {
  readonly #state: GatewayState;
  readonly #clock: GatewayClock;

  constructor(state: GatewayState, clock: GatewayClock) {
    this.#state = state;
    this.#clock = clock;
  }

  /** Admits a request or throws `KeyLimitError` (429) saying which limit it hit and when to retry. */
  async admit(key: GatewayKey, estimatedTokens: number): Promise<Admission> {
    const now = this.#clock.now();
    if (key.budget !== undefined) {
      const period = budgetPeriodAt(key.budget.period ?? 'month', now);
      const spent = await this.#state.budgets.spent(key.id, period.id);
      if (spent >= key.budget.usd) {
        throw new KeyLimitError(
          `Gateway key '${key.id}' has spent its budget of $${key.budget.usd} for ${period.id === 'total' ? 'good' : `this ${key.budget.period ?? 'month'}`} ($${spent.toFixed(4)} spent); ask the gateway's operator to raise it.`,
          'budget',
        );
      }
    }
    if (key.rpm === undefined && key.tpm === undefined) return { key, estimatedTokens: 0 };
    if (key.tpm !== undefined && estimatedTokens > key.tpm) {
      throw new InvalidRequestError(
        `This request's estimated ${estimatedTokens} input tokens exceed gateway key '${key.id}''s whole per-minute token limit (${key.tpm}); send a shorter request or ask for a higher limit.`,
        { status: 400 },
      );
    }
    const tokens = key.tpm === undefined ? 0 : estimatedTokens;
    const decision = await this.#state.rateLimits.take(
      key.id,
      { requests: 1, tokens },
      { rpm: key.rpm, tpm: key.tpm },
      now,
    );
    if (!decision.allowed) {
      const what =
        decision.limit === 'requests'
          ? `${key.rpm} requests per minute`
          : `${key.tpm} tokens per minute`;
      throw new KeyLimitError(
        `Gateway key '${key.id}' is over its limit of ${what}; retry in ${(decision.retryAfterMs / 1000).toFixed(1)}s.`,
        decision.limit,
        { retryAfterMs: decision.retryAfterMs },
      );
    }
    return { key, estimatedTokens: tokens };
  }

  /** Charges a finished call: its real tokens to the TPM bucket, its cost to the budget. */
  async settle(
    admission: Admission,
    usage: Usage | undefined,
    cost: Cost | undefined,
  ): Promise<void> {
    const { key } = admission;
    const now = this.#clock.now();
    const pending: Promise<unknown>[] = [];
    if (key.tpm !== undefined && usage !== undefined) {
      const actual = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
      if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) {
        pending.push(
          this.#state.rateLimits.adjustTokens(
            key.id,
            actual - admission.estimatedTokens,
            { tpm: key.tpm },
            now,
          ),
        );
      }
    }
    if (key.budget !== undefined && cost !== undefined && cost.total > 0) {
      const period = budgetPeriodAt(key.budget.period ?? 'month', now);
      pending.push(this.#state.budgets.add(key.id, period.id, cost.total, period.ttlMs));
    }
    await Promise.all(pending);
  }
}
