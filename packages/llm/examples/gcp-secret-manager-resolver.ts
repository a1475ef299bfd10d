import type { SecretResolver } from '@org/llm';

/**
 * What this resolver calls on a `SecretManagerServiceClient` of
 * `@google-cloud/secret-manager` (pass `new SecretManagerServiceClient()`).
 */
export interface SecretManagerClient {
  accessSecretVersion(request: {
    name: string;
  }): Promise<[{ payload?: { data?: Uint8Array | string | null } | null }, ...unknown[]]>;
}

/**
 * `gcp-sm:projects/<project>/secrets/<name>/versions/latest` references,
 * read through Google Cloud Secret Manager.
 */
export function gcpSecretManagerResolver(client: SecretManagerClient): SecretResolver {
  return {
    scheme: 'gcp-sm',
    async resolve(name) {
      const [version] = await client.accessSecretVersion({ name });
      const data = version.payload?.data;
      if (data === undefined || data === null)
        throw new Error(`the secret version ${name} is empty`);
      return typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
  };
}
