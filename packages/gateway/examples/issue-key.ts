// docs/guides/deploying-the-gateway.md, "Gateway keys".
import { randomBytes } from 'node:crypto';
import { hashGatewayKey, type GatewayKey } from '@org/llm-gateway';

/** Makes a new gateway key: the secret goes to its owner, the entry (digest only) to GATEWAY_KEYS. */
export function issueKey(id: string): { secret: string; entry: GatewayKey } {
  const secret = `gw-${randomBytes(24).toString('base64url')}`;
  const entry: GatewayKey = {
    id,
    sha256: hashGatewayKey(secret),
    models: ['fast', 'smart'],
    rpm: 600,
    tpm: 400_000,
    budget: { usd: 250, period: 'month' },
  };
  return { secret, entry };
}
