import { KMSClient } from '@aws-sdk/client-kms';
import { awsKmsSecretResolver, createFromConfig, type LlmRuntime } from '@org/llm';

/**
 * `aws-kms:` references decrypted with a client of your own (a region, a
 * role) and the encryption context the keys were encrypted with.
 */
export function startWithKms(): Promise<LlmRuntime> {
  return createFromConfig({
    secretResolvers: [
      awsKmsSecretResolver({
        client: new KMSClient({ region: 'eu-west-1' }),
        encryptionContext: { app: 'support-bot' },
      }),
    ],
  });
}
