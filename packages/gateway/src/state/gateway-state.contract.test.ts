import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayState } from './gateway-state.ts';
import { createInMemoryGatewayState } from './in-memory-gateway-state.ts';
import { createRedisGatewayState } from './redis-gateway-state.ts';
import { mustStart, requireBinaries, startRedis, type RedisServer } from '@org/llm-test-support';

// One suite for every GatewayState: what the in-memory state does in one
// process, the Redis state must do across processes.

const t0 = Date.UTC(2026, 10, 26, 12, 0, 0);

function describeGatewayState(name: string, create: () => GatewayState): void {
  describe(name, () => {
    it('takes requests and tokens all or nothing, and refills continuously', async () => {
      const { rateLimits } = create();
      const limits = { rpm: 2, tpm: 100 };
      expect(await rateLimits.take('k', { requests: 1, tokens: 60 }, limits, t0)).toEqual({
        allowed: true,
      });
      // The token bucket refuses: the request bucket keeps its last request.
      expect(await rateLimits.take('k', { requests: 1, tokens: 60 }, limits, t0)).toEqual({
        allowed: false,
        limit: 'tokens',
        retryAfterMs: 12_000,
      });
      expect(await rateLimits.take('k', { requests: 1, tokens: 10 }, limits, t0)).toEqual({
        allowed: true,
      });
      expect(await rateLimits.take('k', { requests: 1, tokens: 0 }, limits, t0)).toEqual({
        allowed: false,
        limit: 'requests',
        retryAfterMs: 30_000,
      });
      expect(await rateLimits.take('k', { requests: 1, tokens: 0 }, limits, t0 + 30_000)).toEqual({
        allowed: true,
      });
      // Another key has its own buckets.
      expect(await rateLimits.take('other', { requests: 1, tokens: 0 }, limits, t0)).toEqual({
        allowed: true,
      });
    });

    it('charges the real tokens afterwards, into a debt if need be', async () => {
      const { rateLimits } = create();
      const limits = { tpm: 100 };
      await rateLimits.take('k', { requests: 1, tokens: 10 }, limits, t0);
      await rateLimits.adjustTokens('k', 140, limits, t0); // 100 - 10 - 140 = -50
      expect(await rateLimits.take('k', { requests: 1, tokens: 1 }, limits, t0)).toMatchObject({
        allowed: false,
        retryAfterMs: 30_600,
      });
      await rateLimits.adjustTokens('k', -50, limits, t0);
      expect(await rateLimits.take('k', { requests: 1, tokens: 0 }, limits, t0)).toEqual({
        allowed: true,
      });
    });

    it('adds spending per key and period', async () => {
      const { budgets } = create();
      expect(await budgets.spent('k', 'day:2026-11-26')).toBe(0);
      await budgets.add('k', 'day:2026-11-26', 0.1, 60_000);
      expect(await budgets.add('k', 'day:2026-11-26', 0.2, 60_000)).toBeCloseTo(0.3, 12);
      expect(await budgets.spent('k', 'day:2026-11-26')).toBeCloseTo(0.3, 12);
      expect(await budgets.spent('k', 'day:2026-11-27')).toBe(0);
      expect(await budgets.spent('other', 'day:2026-11-26')).toBe(0);
    });

    it('keeps open circuits until they reopen, and closes only the opening it recorded', async () => {
      const { circuits } = create();
      await circuits.open('openai:gpt-4o', t0 + 1000);
      await circuits.open('openai:gpt-4o', t0 + 500); // an earlier time does not shorten it
      await circuits.open('anthropic:claude', t0 + 3000);
      expect([...(await circuits.openCircuits(t0))]).toEqual([
        ['openai:gpt-4o', t0 + 1000],
        ['anthropic:claude', t0 + 3000],
      ]);
      expect([...(await circuits.openCircuits(t0 + 1000))]).toEqual([
        ['anthropic:claude', t0 + 3000],
      ]);
      await circuits.open('anthropic:claude', t0 + 5000); // another instance opened it again
      await circuits.close('anthropic:claude', t0 + 3000);
      expect([...(await circuits.openCircuits(t0))]).toEqual([['anthropic:claude', t0 + 5000]]);
      await circuits.close('anthropic:claude', t0 + 5000);
      expect((await circuits.openCircuits(t0)).size).toBe(0);
    });
  });
}

describeGatewayState('createInMemoryGatewayState', createInMemoryGatewayState);

const skip = requireBinaries('createRedisGatewayState', ['redis-server'], 'redis-server');
describe.skipIf(skip !== undefined)('on Redis', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = mustStart(await startRedis());
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });
  let prefix = 0;
  describeGatewayState('createRedisGatewayState', () => {
    const redis = new Redis(server.url);
    clients.push(redis);
    // Each test gets its own prefix, so tests never see each other's keys.
    return createRedisGatewayState({ redis, prefix: `test${++prefix}:` });
  });

  it('loads its scripts again after Redis forgot them', async () => {
    const redis = new Redis(server.url);
    clients.push(redis);
    const state = createRedisGatewayState({ redis, prefix: 'flush:' });
    await state.rateLimits.take('k', { requests: 1, tokens: 0 }, { rpm: 5 }, t0);
    await redis.script('FLUSH');
    expect(await state.rateLimits.take('k', { requests: 1, tokens: 0 }, { rpm: 5 }, t0)).toEqual({
      allowed: true,
    });
  });
});
