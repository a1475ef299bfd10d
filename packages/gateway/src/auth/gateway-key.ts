import { createHash } from 'node:crypto';

/** How a gateway key's USD budget resets: every UTC day, every UTC month, or never. */
export type BudgetPeriod = 'day' | 'month' | 'total';

/** A key's spending limit in US dollars. */
export interface KeyBudget {
  /** Most US dollars the key may spend per period. */
  readonly usd: number;
  /** When spending starts again from zero; default `month`. */
  readonly period?: BudgetPeriod | undefined;
}

/**
 * A key clients present to the gateway (`Authorization: Bearer …` or
 * `x-api-key: …`). The gateway stores only its SHA-256 digest: build it with
 * {@link hashGatewayKey} once, and keep the key itself with its owner.
 */
export interface GatewayKey {
  /** A name for the key (`team-search`), used in limits, logs and metrics; not a secret. */
  readonly id: string;
  /** SHA-256 of the key, hex-encoded (64 characters); see {@link hashGatewayKey}. */
  readonly sha256: string;
  /** Model names this key may use; every served model when absent. */
  readonly models?: readonly string[] | undefined;
  /** Requests per minute across every gateway instance sharing the state; unlimited when absent. */
  readonly rpm?: number | undefined;
  /** Tokens (input plus output) per minute across every instance; unlimited when absent. */
  readonly tpm?: number | undefined;
  /** Spending limit; unlimited when absent. Calls to models without known prices cost nothing. */
  readonly budget?: KeyBudget | undefined;
}

/**
 * The SHA-256 digest of a gateway key, hex-encoded, as {@link GatewayKey.sha256}
 * wants it.
 *
 * @example
 * // Once, when issuing a key: store the digest, hand out the key.
 * const secret = `gw-${randomBytes(24).toString('base64url')}`;
 * const key: GatewayKey = { id: 'team-search', sha256: hashGatewayKey(secret), rpm: 600 };
 */
export function hashGatewayKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
