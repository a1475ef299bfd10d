// docs/guides/deploying-the-gateway.md, "The server" (and the container image's entry point).
import { ConfigError, createRegistry } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';
import {
  createGateway,
  createInMemoryGatewayState,
  createRedisGatewayState,
  type GatewayKey,
} from '@org/llm-gateway';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { CircuitBreakerRegistry, withResilience } from '@org/llm-resilience';
import { Redis } from 'ioredis';

/** Starts the gateway from the environment; resolves once it listens. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // The providers' keys stay here, in the adapters: clients only ever see gateway keys.
  const openai = createOpenAIHttp({ apiKey: env.OPENAI_API_KEY });
  const anthropic = createAnthropic({ apiKey: env.ANTHROPIC_API_KEY });

  // One breaker registry for every model, shared with the other instances through the state.
  const circuits = new CircuitBreakerRegistry({ halfOpenAfterMs: 30_000 });
  const registry = createRegistry(
    {
      openai: (id: string) => withResilience(openai(id), { breaker: { circuits } }),
      // Claude first, GPT-4o when Claude fails or its circuit is open.
      anthropic: (id: string) =>
        withResilience([anthropic(id), openai('gpt-6-sol')], { breaker: { circuits } }),
    },
    { aliases: { fast: 'openai:gpt-6-luna', smart: 'anthropic:claude-sonnet-4-6' } },
  );

  // GATEWAY_KEYS: [{"id":"search","sha256":"<hashGatewayKey(key)>","rpm":600,"models":["fast"]}]
  if (env.GATEWAY_KEYS === undefined) {
    throw new ConfigError('Set GATEWAY_KEYS to a JSON list of gateway keys (id, sha256, limits).');
  }
  const keys = JSON.parse(env.GATEWAY_KEYS) as GatewayKey[];

  // Several instances share limits, budgets and circuits through Redis; one needs none.
  const redis = env.REDIS_URL === undefined ? undefined : new Redis(env.REDIS_URL);
  const state =
    redis === undefined ? createInMemoryGatewayState() : createRedisGatewayState({ redis });

  const gateway = createGateway({
    registry,
    models: ['fast', 'smart', 'openai:gpt-6-sol'],
    keys,
    state,
    circuits,
    circuitSyncIntervalMs: 1000,
  });
  const { url } = await gateway.listen(Number(env.PORT ?? 8080), env.HOST ?? '0.0.0.0');
  console.log(`llm gateway listening on ${url}`);

  // Kubernetes: SIGTERM → not ready at once (the endpoints drop this pod), then drain.
  process.once('SIGTERM', () => {
    gateway.drain();
    setTimeout(
      () => {
        void gateway.close().then(() => redis?.disconnect());
      },
      Number(env.DRAIN_DELAY_MS ?? 5000),
    );
  });
}

if (import.meta.main) await serve();
