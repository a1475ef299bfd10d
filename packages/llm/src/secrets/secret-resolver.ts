/** What a {@link SecretResolver} may use. */
export interface SecretContext {
  /** The environment (with the `.env` file's variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative file paths start from. */
  readonly cwd: string;
}

/**
 * Resolves secret references of one scheme at start-up: `env:NAME`,
 * `file:/run/secrets/openai`, `aws-kms:<ciphertext>`, or your vault's
 * (`vault:secret/data/llm#openai`, `gcp-sm:projects/p/secrets/s/versions/latest`).
 *
 * `resolve` gets the part after `scheme:` and returns the secret. To fail
 * start-up, throw: the message should say what is wrong with the reference
 * (missing, denied, not decryptable) and must never contain the secret.
 * Cache in the resolver if a lookup is expensive; each distinct reference
 * is resolved once per `createFromConfig` call.
 */
export interface SecretResolver {
  /** The scheme before the colon, lower case: `env`, `file`, `aws-kms`, `vault`... */
  readonly scheme: string;
  /** The secret named by `reference` (the text after `scheme:`). */
  resolve(reference: string, context: SecretContext): Promise<string>;
}
