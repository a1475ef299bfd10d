import { createHash } from 'node:crypto';
import { ConfigError } from '@org/llm-core';
import type {
  BudgetStore,
  CircuitStateStore,
  GatewayState,
  RateCost,
  RateDecision,
  RateLimits,
  RateLimitStore,
} from './gateway-state.ts';
import {
  addSpendScript,
  adjustTokensScript,
  closeCircuitScript,
  listCircuitsScript,
  openCircuitScript,
  takeRateScript,
} from './redis-scripts.ts';

/**
 * The Redis commands the gateway state uses. An `ioredis` client (`Redis`
 * or `Cluster`) has them; so can any client with the same promise API.
 */
export interface RedisClientLike {
  /** `EVALSHA sha1 numkeys key... arg...`. */
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** `EVAL script numkeys key... arg...`. */
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** `GET key`. */
  get(key: string): Promise<string | null>;
  /** `PING`. */
  ping(): Promise<string>;
}

/** Options of {@link createRedisGatewayState}. */
export interface RedisGatewayStateOptions {
  /** The client; the caller creates it (`new Redis(url)`) and closes it after the gateway. */
  readonly redis: RedisClientLike;
  /** Prefix of every key, to share one Redis with other uses; default `llm-gateway:`. */
  readonly prefix?: string | undefined;
}

/** A Lua script run by its SHA-1, loaded on first use (and again after a Redis restart). */
class RedisScript {
  readonly #source: string;
  readonly #sha1: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: RedisClientLike,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  take: new RedisScript(takeRateScript),
  adjust: new RedisScript(adjustTokensScript),
  addSpend: new RedisScript(addSpendScript),
  openCircuit: new RedisScript(openCircuitScript),
  closeCircuit: new RedisScript(closeCircuitScript),
  listCircuits: new RedisScript(listCircuitsScript),
};

/**
 * Gateway state in Redis, for several gateway instances behind one load
 * balancer: each key's RPM/TPM buckets, its USD spent per period and the
 * open circuits are shared, every update being one atomic Lua script. A
 * 60 RPM key gets 60 requests a minute in total, however many instances
 * serve it. Instances pass their own clock into the scripts, so keep their
 * clocks in sync (NTP; a few milliseconds of skew do not matter at
 * per-minute limits).
 *
 * Key layout (prefix `llm-gateway:` by default): `rate:{<key id>}` (a hash,
 * expires after two idle minutes), `budget:{<key id>}:<period>` (a float,
 * expires after its period), `circuits` (a hash of circuit key to reopen time).
 */
export function createRedisGatewayState(options: RedisGatewayStateOptions): GatewayState {
  const { redis } = options;
  const prefix = options.prefix ?? 'llm-gateway:';
  if (typeof redis.evalsha !== 'function' || typeof redis.get !== 'function') {
    throw new ConfigError(
      "createRedisGatewayState needs a Redis client such as ioredis's new Redis(url).",
    );
  }
  const rateKey = (key: string): string => `${prefix}rate:{${key}}`;
  const circuitsKey = `${prefix}circuits`;

  const rateLimits: RateLimitStore = {
    async take(
      key: string,
      cost: RateCost,
      limits: RateLimits,
      nowMs: number,
    ): Promise<RateDecision> {
      const reply = (await scripts.take.run(
        redis,
        [rateKey(key)],
        [nowMs, cost.requests, cost.tokens, limits.rpm ?? -1, limits.tpm ?? -1],
      )) as number[];
      if (reply[0] === 1) return { allowed: true };
      return {
        allowed: false,
        limit: reply[1] === 2 ? 'tokens' : 'requests',
        retryAfterMs: reply[2]!,
      };
    },
    async adjustTokens(
      key: string,
      tokens: number,
      limits: RateLimits,
      nowMs: number,
    ): Promise<void> {
      if (limits.tpm === undefined || tokens === 0) return;
      await scripts.adjust.run(redis, [rateKey(key)], [nowMs, tokens, limits.tpm]);
    },
  };

  const budgets: BudgetStore = {
    async spent(key: string, period: string): Promise<number> {
      const value = await redis.get(`${prefix}budget:{${key}}:${period}`);
      return value === null ? 0 : Number(value);
    },
    async add(
      key: string,
      period: string,
      usd: number,
      ttlMs: number | undefined,
    ): Promise<number> {
      const total = await scripts.addSpend.run(
        redis,
        [`${prefix}budget:{${key}}:${period}`],
        [
          // INCRBYFLOAT takes decimal text; 17 significant digits keep a double exact.
          usd.toPrecision(17),
          ttlMs ?? -1,
        ],
      );
      return Number(total);
    },
  };

  const circuits: CircuitStateStore = {
    async open(key: string, untilMs: number): Promise<void> {
      await scripts.openCircuit.run(redis, [circuitsKey], [key, Math.ceil(untilMs)]);
    },
    async close(key: string, untilMs: number): Promise<void> {
      await scripts.closeCircuit.run(redis, [circuitsKey], [key, Math.ceil(untilMs)]);
    },
    async openCircuits(nowMs: number): Promise<ReadonlyMap<string, number>> {
      const flat = (await scripts.listCircuits.run(redis, [circuitsKey], [nowMs])) as string[];
      const open = new Map<string, number>();
      for (let index = 0; index < flat.length; index += 2) {
        open.set(flat[index]!, Number(flat[index + 1]));
      }
      return open;
    },
  };

  return {
    rateLimits,
    budgets,
    circuits,
    async ping(): Promise<void> {
      await redis.ping();
    },
  };
}
