import { createFromConfig, type LlmRuntime, type SecretResolver } from '@org/llm';

/**
 * `vault:<path>#<field>` references, read from HashiCorp Vault's KV v2
 * engine over its HTTP API: `vault:llm/openai#api_key` reads the field
 * `api_key` of the secret `llm/openai` (mounted at `secret/`).
 */
export function vaultResolver(address: string, token: string): SecretResolver {
  return {
    scheme: 'vault',
    async resolve(reference) {
      const [path = '', field = 'value'] = reference.split('#');
      const response = await fetch(`${address}/v1/secret/data/${path}`, {
        headers: { 'x-vault-token': token },
      });
      if (!response.ok) throw new Error(`Vault answered HTTP ${response.status} for ${path}`);
      const body = (await response.json()) as { data?: { data?: Record<string, unknown> } };
      const value = body.data?.data?.[field];
      if (typeof value !== 'string') throw new Error(`the secret ${path} has no field ${field}`);
      return value;
    },
  };
}

/** The runtime, with `vault:` references next to `env:`, `file:` and `aws-kms:`. */
export function startWithVault(): Promise<LlmRuntime> {
  return createFromConfig({
    secretResolvers: [vaultResolver('https://vault.internal:8200', process.env.VAULT_TOKEN ?? '')],
  });
}
