import { createHash } from 'node:crypto';
import type { GatewayConfig, GatewayKeyConfig } from '../config/llm-config-schema.ts';
import type { ResolvedSecrets } from '../secrets/resolve-secrets.ts';

/**
 * A gateway key of the configuration, ready for `@org/llm-gateway`'s
 * `createGateway({ keys })`: the key itself (behind its reference) is
 * replaced by its SHA-256, so only the digest stays in memory.
 */
export interface ResolvedGatewayKey extends Omit<GatewayKeyConfig, 'key' | 'sha256'> {
  /** SHA-256 of the key, lower-case hex (what `hashGatewayKey` computes). */
  readonly sha256: string;
}

/** The `gateway` section with its secrets resolved: what `llm serve` starts. */
export interface ResolvedGatewayConfig extends Omit<GatewayConfig, 'keys' | 'redis'> {
  /** The keys, each with its digest. */
  readonly keys: readonly ResolvedGatewayKey[];
  /**
   * The Redis URL of the shared state, its reference resolved; it may hold a
   * password, so never print it (`LlmRuntime.redact` scrubs it).
   */
  readonly redisUrl: string | undefined;
}

/** Resolves the `gateway` section: keys hashed, the Redis reference replaced by its URL. */
export function resolveGatewayConfig(
  config: GatewayConfig | undefined,
  secrets: ResolvedSecrets,
): ResolvedGatewayConfig | undefined {
  if (config === undefined) return undefined;
  const { keys = [], redis, ...rest } = config;
  return {
    ...rest,
    keys: keys.map(({ key, sha256, ...fields }) => ({
      ...fields,
      // SHA-256 hex, as @org/llm-gateway's hashGatewayKey (this package does not depend on it).
      sha256:
        key === undefined
          ? sha256!.toLowerCase()
          : createHash('sha256').update(secrets.get(key)!, 'utf8').digest('hex'),
    })),
    redisUrl: redis === undefined ? undefined : (secrets.get(redis) ?? redis),
  };
}
