import type {
  BudgetStore,
  CircuitStateStore,
  GatewayState,
  RateCost,
  RateDecision,
  RateLimits,
  RateLimitStore,
} from './gateway-state.ts';
import { refill, waitFor, type BucketState } from './token-bucket-math.ts';

class InMemoryRateLimitStore implements RateLimitStore {
  readonly #requests = new Map<string, BucketState>();
  readonly #tokens = new Map<string, BucketState>();

  take(key: string, cost: RateCost, limits: RateLimits, nowMs: number): Promise<RateDecision> {
    const { rpm, tpm } = limits;
    const requests = rpm === undefined ? 0 : refill(this.#requests.get(key), rpm, nowMs);
    const tokens = tpm === undefined ? 0 : refill(this.#tokens.get(key), tpm, nowMs);
    if (rpm !== undefined && requests < cost.requests) {
      return Promise.resolve({
        allowed: false,
        limit: 'requests',
        retryAfterMs: waitFor(requests, cost.requests, rpm),
      });
    }
    if (tpm !== undefined && tokens < cost.tokens) {
      return Promise.resolve({
        allowed: false,
        limit: 'tokens',
        retryAfterMs: waitFor(tokens, cost.tokens, tpm),
      });
    }
    if (rpm !== undefined) this.#requests.set(key, { level: requests - cost.requests, at: nowMs });
    if (tpm !== undefined) this.#tokens.set(key, { level: tokens - cost.tokens, at: nowMs });
    return Promise.resolve({ allowed: true });
  }

  adjustTokens(key: string, tokens: number, limits: RateLimits, nowMs: number): Promise<void> {
    const tpm = limits.tpm;
    if (tpm !== undefined && tokens !== 0) {
      const level = refill(this.#tokens.get(key), tpm, nowMs) - tokens;
      this.#tokens.set(key, { level: Math.max(-tpm, Math.min(tpm, level)), at: nowMs });
    }
    return Promise.resolve();
  }
}

class InMemoryBudgetStore implements BudgetStore {
  readonly #spent = new Map<string, number>();

  spent(key: string, period: string): Promise<number> {
    return Promise.resolve(this.#spent.get(`${key}\u0000${period}`) ?? 0);
  }

  add(key: string, period: string, usd: number): Promise<number> {
    const id = `${key}\u0000${period}`;
    const total = (this.#spent.get(id) ?? 0) + usd;
    this.#spent.set(id, total);
    return Promise.resolve(total);
  }
}

class InMemoryCircuitStateStore implements CircuitStateStore {
  readonly #open = new Map<string, number>();

  open(key: string, untilMs: number): Promise<void> {
    this.#open.set(key, Math.max(untilMs, this.#open.get(key) ?? 0));
    return Promise.resolve();
  }

  close(key: string, untilMs: number): Promise<void> {
    if (this.#open.get(key) === untilMs) this.#open.delete(key);
    return Promise.resolve();
  }

  openCircuits(nowMs: number): Promise<ReadonlyMap<string, number>> {
    for (const [key, until] of this.#open) if (until <= nowMs) this.#open.delete(key);
    return Promise.resolve(new Map(this.#open));
  }
}

/**
 * Gateway state in this process's memory: for one gateway instance, tests
 * and local runs. Several instances need {@link createRedisGatewayState}, or
 * each would enforce every limit on its own (three instances would let a
 * 60 RPM key make 180 requests a minute).
 */
export function createInMemoryGatewayState(): GatewayState {
  return {
    rateLimits: new InMemoryRateLimitStore(),
    budgets: new InMemoryBudgetStore(),
    circuits: new InMemoryCircuitStateStore(),
    ping: () => Promise.resolve(),
  };
}
