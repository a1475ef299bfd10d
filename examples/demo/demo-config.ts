// The demo's configuration: what an application's llm.config.yaml holds,
// written as the object createFromConfig also accepts, because the
// simulator's address is only known once it has started.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlmConfig } from '@org/llm';
import type { DemoSimulator } from './demo-simulator.ts';

/** The environment variable that sets where the demo keeps its conversations and metrics. */
export const dataDirVariable = 'LLM_DEMO_DATA_DIR';

/**
 * Where the demo keeps its state: `$LLM_DEMO_DATA_DIR`, else `.llm-demo/`
 * at the root of the clone (git-ignored, gone with the clone).
 */
export function demoDataDir(env: Readonly<Record<string, string | undefined>>): string {
  const given = env[dataDirVariable];
  return given === undefined || given === ''
    ? fileURLToPath(new URL('../../.llm-demo/', import.meta.url))
    : resolve(given);
}

/** `true` when the environment holds a non-empty `name`. */
export function hasKey(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  return (env[name] ?? '') !== '';
}

/** Options of {@link demoConfig}. */
export interface DemoConfigOptions {
  /** The environment: a provider whose key it holds is the real one. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The local simulator, which plays the providers without a key. */
  readonly simulator: DemoSimulator;
  /** The directory of the SQLite file. */
  readonly dataDir: string;
}

/**
 * The demo's providers, models, resilience policies, conversation store and
 * metrics. `openai` and `anthropic` are the real APIs when their key is set
 * (read from the environment at start-up, never written here), else the
 * simulator; `simulated-openai` and `simulated-anthropic` are always the
 * simulator, which can throttle and fail on demand.
 */
export function demoConfig({ env, simulator, dataDir }: DemoConfigOptions): LlmConfig {
  return {
    providers: {
      openai: hasKey(env, 'OPENAI_API_KEY')
        ? { adapter: 'openai-http', apiKey: 'env:OPENAI_API_KEY' }
        : { adapter: 'openai-http', baseURL: simulator.baseURLFor('openai-http') },
      anthropic: hasKey(env, 'ANTHROPIC_API_KEY')
        ? { adapter: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' }
        : { adapter: 'anthropic', baseURL: simulator.baseURLFor('anthropic') },
      'simulated-openai': { adapter: 'openai-http', baseURL: simulator.baseURLFor('openai-http') },
      'simulated-anthropic': { adapter: 'anthropic', baseURL: simulator.baseURLFor('anthropic') },
    },
    models: {
      // LLM__MODELS__CHAT=anthropic:claude-sonnet-5-5 moves steps 2 to 5 to Claude.
      chat: 'openai:gpt-6-luna',
      throttled: { model: 'simulated-openai:gpt-6-luna', resilience: 'honour-retry-after' },
      failover: {
        model: 'simulated-openai:gpt-6-luna',
        fallbacks: ['simulated-anthropic:claude-sonnet-5-5'],
        resilience: 'fail-over',
      },
    },
    resilience: {
      // One retry, after the wait the provider asks for (up to 10 s).
      'honour-retry-after': { retry: { maxAttempts: 2, maxRetryAfterMs: 10_000 } },
      // One quick retry, then the next model of the chain.
      'fail-over': { retry: { maxAttempts: 2, initialDelayMs: 50 } },
    },
    store: { kind: 'sqlite', path: join(dataDir, 'conversations.sqlite') },
    metrics: { enabled: true },
  };
}
