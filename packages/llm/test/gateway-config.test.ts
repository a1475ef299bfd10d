// The `gateway` section that `llm serve` runs: keys hashed at start-up (the
// key itself never kept), the Redis URL resolved and scrubbed, served models
// built before any request, and every mistake named with its path.
import { createHash } from 'node:crypto';
import { ConfigError } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { createFromConfig } from '../src/runtime/create-from-config.ts';

const env = {
  OPENAI_API_KEY: 'sk-test-openai-0001',
  GATEWAY_KEY_SEARCH: 'gw-search-secret-0001',
  REDIS_URL: 'redis://:hunter2-redis-password@127.0.0.1:6390/0',
};
const providers = { openai: { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' } };
const digest = createHash('sha256').update('gw-support-secret', 'utf8').digest('hex');

/** The ConfigError message `config` is refused with. */
async function refusal(config: unknown): Promise<string> {
  const caught = await createFromConfig({ config, env, envFile: false }).catch(
    (error: unknown) => error,
  );
  expect(ConfigError.isInstance(caught)).toBe(true);
  return (caught as Error).message;
}

describe('the gateway section', () => {
  it('is undefined without one', async () => {
    await using runtime = await createFromConfig({ config: { providers }, env, envFile: false });
    expect(runtime.gateway).toBeUndefined();
  });

  it('hashes each key behind its reference, keeps digests in lower case, resolves the Redis URL', async () => {
    await using runtime = await createFromConfig({
      envFile: false,
      env,
      config: {
        providers,
        models: { fast: 'openai:gpt-6-luna' },
        gateway: {
          port: 0,
          models: ['fast', 'openai:gpt-6-sol'],
          keys: [
            { id: 'search', key: 'env:GATEWAY_KEY_SEARCH', models: ['fast'], rpm: 60 },
            { id: 'support', sha256: digest.toUpperCase(), budget: { usd: 5, period: 'day' } },
          ],
          redis: 'env:REDIS_URL',
          redisKeyPrefix: 'llm-gw:',
          drainTimeoutMs: 1000,
        },
      },
    });
    expect(runtime.gateway).toEqual({
      port: 0,
      models: ['fast', 'openai:gpt-6-sol'],
      keys: [
        {
          id: 'search',
          sha256: createHash('sha256').update(env.GATEWAY_KEY_SEARCH, 'utf8').digest('hex'),
          models: ['fast'],
          rpm: 60,
        },
        { id: 'support', sha256: digest, budget: { usd: 5, period: 'day' } },
      ],
      redisUrl: env.REDIS_URL,
      redisKeyPrefix: 'llm-gw:',
      drainTimeoutMs: 1000,
    });
    // The key itself is nowhere in what the runtime keeps about the gateway.
    expect(JSON.stringify(runtime.gateway)).not.toContain(env.GATEWAY_KEY_SEARCH);
    // Served models that are not aliases are built at start-up like aliases.
    expect(runtime.chatModel('openai:gpt-6-sol').modelId).toBe('gpt-6-sol');
    expect(runtime.redact(`cannot reach ${env.REDIS_URL}`)).not.toContain('hunter2-redis-password');
    expect(runtime.redact(`key ${env.GATEWAY_KEY_SEARCH}`)).not.toContain(env.GATEWAY_KEY_SEARCH);
  });

  it('names each mistake: key and digest, duplicate ids, models not served, unknown providers', async () => {
    const message = await refusal({
      providers,
      models: { fast: 'openai:gpt-6-luna' },
      gateway: {
        models: ['fast', 'mistral:large'],
        keys: [
          { id: 'both', key: 'env:GATEWAY_KEY_SEARCH', sha256: digest },
          { id: 'neither' },
          { id: 'twice', sha256: digest },
          { id: 'twice', sha256: digest, models: ['smart'] },
          { id: 'bad digest', sha256: 'abc' },
        ],
      },
    });
    for (const expected of [
      'at gateway.models[1], found "mistral:large" (text); allowed: \'provider:model\' with a configured provider (openai), or an alias (fast).',
      'at gateway.keys[0], found "both" (text); allowed: exactly one of key',
      'at gateway.keys[1], found "neither" (text); allowed: exactly one of key',
      'at gateway.keys[3].id, found "twice" (text); allowed: a key id used once',
      'at gateway.keys[3].models[0], found "smart" (text); allowed: a model the gateway serves (fast, mistral:large).',
      'at gateway.keys[4].id, found "bad digest" (text); allowed: a key name: letters, digits',
      'at gateway.keys[4].sha256, found "abc" (text); allowed: the SHA-256 of the key, 64 hexadecimal digits.',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('fails at start-up when a key’s secret cannot be resolved, naming the reference, not a value', async () => {
    const message = await refusal({
      providers,
      gateway: { keys: [{ id: 'search', key: 'env:GATEWAY_KEY_MISSING' }] },
    });
    expect(message).toContain('GATEWAY_KEY_MISSING');
    expect(message).toContain('at gateway.keys[0].key, env:GATEWAY_KEY_MISSING cannot be resolved');
  });
});
