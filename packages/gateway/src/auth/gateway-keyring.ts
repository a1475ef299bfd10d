import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError, ConfigError } from '@org/llm-core';
import type { GatewayKey } from './gateway-key.ts';

const digestPattern = /^[0-9a-f]{64}$/;
const bearerPattern = /^Bearer\s+(\S+)\s*$/i;

/** The key a request presents: `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key` (Anthropic clients). */
function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey.trim();
  const authorization = headers.authorization;
  if (authorization === undefined) return undefined;
  return bearerPattern.exec(authorization)?.[1];
}

/**
 * Finds the gateway key a request presents. Keys are held as SHA-256 digests
 * only, so a leaked configuration or heap dump holds no usable key. The
 * presented key is hashed, looked up by digest, and the digests compared
 * with `timingSafeEqual`: the lookup's timing depends only on the digest of
 * what the caller sent, which tells them nothing about any stored key.
 */
export class GatewayKeyring {
  readonly #byDigest = new Map<string, { readonly key: GatewayKey; readonly digest: Buffer }>();

  constructor(keys: readonly GatewayKey[]) {
    const ids = new Set<string>();
    for (const key of keys) {
      const digest = key.sha256.toLowerCase();
      if (!digestPattern.test(digest)) {
        throw new ConfigError(
          `Gateway key '${key.id}': sha256 must be the 64 hex characters of the key's SHA-256 digest (hashGatewayKey(key)), not the key itself.`,
        );
      }
      if (ids.has(key.id))
        throw new ConfigError(`Gateway key id '${key.id}' is used twice; ids must be unique.`);
      if (this.#byDigest.has(digest)) {
        throw new ConfigError(
          `Gateway keys '${this.#byDigest.get(digest)!.key.id}' and '${key.id}' have the same digest.`,
        );
      }
      ids.add(key.id);
      this.#byDigest.set(digest, { key, digest: Buffer.from(digest, 'hex') });
    }
  }

  /** The key the request presents; throws `AuthenticationError` (401) when it presents none or an unknown one. */
  authenticate(headers: IncomingHttpHeaders): GatewayKey {
    const presented = presentedKey(headers);
    if (presented === undefined) {
      throw new AuthenticationError(
        'No gateway key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>".',
        { status: 401 },
      );
    }
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    const entry = this.#byDigest.get(digest.toString('hex'));
    if (entry === undefined || !timingSafeEqual(digest, entry.digest)) {
      throw new AuthenticationError('Invalid gateway key: check the key you were given.', {
        status: 401,
      });
    }
    return entry.key;
  }
}
