import type * as KmsModule from '@aws-sdk/client-kms';
import type { SecretResolver } from './secret-resolver.ts';

/** The part of `KMSClient` this resolver calls (`send`), so any configured client fits. */
export interface KmsClientLike {
  /** Sends a command (here, a `DecryptCommand`). */
  send(command: never): Promise<{ readonly Plaintext?: Uint8Array | undefined }>;
}

/** Options of {@link awsKmsSecretResolver}. */
export interface AwsKmsSecretResolverOptions {
  /**
   * The `KMSClient` to decrypt with (region, credentials, endpoint). Default:
   * `new KMSClient({})`, configured from the AWS environment (`AWS_REGION`,
   * the default credentials chain). `@aws-sdk/client-kms` is loaded only
   * when an `aws-kms:` reference is resolved.
   */
  readonly client?: KmsClientLike | undefined;
  /** The encryption context the secrets were encrypted with, if any. */
  readonly encryptionContext?: Readonly<Record<string, string>> | undefined;
}

async function loadKms(): Promise<typeof KmsModule> {
  try {
    return await import('@aws-sdk/client-kms');
  } catch (error) {
    throw new Error(
      'resolving aws-kms: references needs the @aws-sdk/client-kms package; install it (npm install @aws-sdk/client-kms)',
      { cause: error },
    );
  }
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * `aws-kms:<base64 ciphertext>`: a secret encrypted with AWS KMS
 * (`aws kms encrypt --plaintext fileb://key.txt --query CiphertextBlob`),
 * decrypted once through `@aws-sdk/client-kms` and kept in memory: each
 * ciphertext costs one `Decrypt` call per resolver, however often it is used.
 */
export function awsKmsSecretResolver(options: AwsKmsSecretResolverOptions = {}): SecretResolver {
  const decrypted = new Map<string, Promise<string>>();
  let client: KmsClientLike | undefined = options.client;

  const decrypt = async (ciphertext: string): Promise<string> => {
    const compact = ciphertext.replace(/\s+/g, '');
    if (!base64.test(compact) || compact.length % 4 !== 0) {
      throw new Error('the ciphertext is not base64 (the CiphertextBlob of aws kms encrypt)');
    }
    const kms = await loadKms();
    client ??= new kms.KMSClient({});
    let output: { readonly Plaintext?: Uint8Array | undefined };
    try {
      output = await client.send(
        new kms.DecryptCommand({
          CiphertextBlob: Buffer.from(compact, 'base64'),
          EncryptionContext: options.encryptionContext,
        }) as never,
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new Error(
        `AWS KMS could not decrypt it (${name}): check that it was encrypted with a KMS key this process may use (kms:Decrypt), with the same encryption context, and the AWS region and credentials`,
        { cause: error },
      );
    }
    const plaintext = output.Plaintext;
    if (plaintext === undefined || plaintext.length === 0) {
      throw new Error('AWS KMS returned no plaintext for it');
    }
    return new TextDecoder().decode(plaintext).replace(/\r?\n$/, '');
  };

  return {
    scheme: 'aws-kms',
    resolve(ciphertext) {
      let pending = decrypted.get(ciphertext);
      if (pending === undefined) {
        pending = decrypt(ciphertext);
        // A failure is not kept: the next start-up tries again.
        pending.catch(() => decrypted.delete(ciphertext));
        decrypted.set(ciphertext, pending);
      }
      return pending;
    },
  };
}
