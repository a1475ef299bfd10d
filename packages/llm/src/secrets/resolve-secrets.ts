import { ConfigError } from '@org/llm-core';
import { formatConfigPath } from '../config/config-source.ts';
import { secretReferencePattern, type LlmConfig } from '../config/llm-config-schema.ts';
import { awsKmsSecretResolver } from './aws-kms-secret-resolver.ts';
import { envSecretResolver } from './env-secret-resolver.ts';
import { fileSecretResolver } from './file-secret-resolver.ts';
import type { SecretContext, SecretResolver } from './secret-resolver.ts';

/** One place of the configuration that holds a secret reference. */
interface SecretSlot {
  readonly path: readonly (string | number)[];
  readonly reference: string;
  /** A reference is required (apiKey, header secrets); elsewhere a value with an unknown scheme is taken as it is (a proxy URL). */
  readonly required: boolean;
}

/** The secrets of a configuration, resolved. */
export interface ResolvedSecrets {
  /** The value of a reference found in the configuration. */
  get(reference: string): string | undefined;
  /** Every resolved value, to scrub from errors and logs. */
  readonly values: readonly string[];
}

let defaultKms: SecretResolver | undefined;

/** The built-in resolvers: `env:`, `file:` and `aws-kms:` (one shared KMS cache per process). */
export function defaultSecretResolvers(): readonly SecretResolver[] {
  defaultKms ??= awsKmsSecretResolver();
  return [envSecretResolver, fileSecretResolver, defaultKms];
}

/** How a reference is shown in messages: its scheme and name, but never a long opaque value whole. */
export function describeReference(reference: string): string {
  const match = secretReferencePattern.exec(reference);
  if (match === null) return 'a value that is not a reference';
  const [, scheme, rest] = match as unknown as [string, string, string];
  if (scheme === 'env' || scheme === 'file') return reference;
  return rest.length > 24
    ? `${scheme}:${rest.slice(0, 12)}… (${rest.length} characters)`
    : reference;
}

function slotsOf(config: LlmConfig, schemes: ReadonlySet<string>): SecretSlot[] {
  const slots: SecretSlot[] = [];
  const optional = (path: (string | number)[], value: string | false | undefined): void => {
    if (typeof value !== 'string') return;
    const scheme = secretReferencePattern.exec(value)?.[1];
    if (scheme !== undefined && schemes.has(scheme)) {
      slots.push({ path, reference: value, required: false });
    }
  };
  for (const [name, provider] of Object.entries(config.providers)) {
    if (provider.apiKey !== undefined) {
      slots.push({
        path: ['providers', name, 'apiKey'],
        reference: provider.apiKey,
        required: true,
      });
    }
    optional(['providers', name, 'proxy'], provider.proxy);
    for (const [header, value] of Object.entries(provider.headers ?? {})) {
      if (typeof value !== 'string') {
        slots.push({
          path: ['providers', name, 'headers', header],
          reference: value.secret,
          required: true,
        });
      }
    }
  }
  const store = config.store;
  if (store?.kind === 'postgres' || store?.kind === 'redis') optional(['store', 'url'], store.url);
  if (store?.kind === 'redis') {
    store.cluster?.forEach((node, index) => {
      optional(['store', 'cluster', index], node);
    });
  }
  config.gateway?.keys?.forEach((key, index) => {
    if (key.key !== undefined) {
      slots.push({ path: ['gateway', 'keys', index, 'key'], reference: key.key, required: true });
    }
  });
  optional(['gateway', 'redis'], config.gateway?.redis);
  return slots;
}

/**
 * Resolves every secret reference of the configuration at once, at
 * start-up, each distinct reference once. Failures are gathered into one
 * `ConfigError` naming each key and reference and why it failed (unset,
 * unreadable, not decryptable), never a value.
 *
 * @param resolvers Extra resolvers (a vault's); one with the scheme of a built-in replaces it.
 */
export async function resolveSecrets(
  config: LlmConfig,
  context: SecretContext,
  resolvers: readonly SecretResolver[] = [],
): Promise<ResolvedSecrets> {
  const byScheme = new Map<string, SecretResolver>();
  for (const resolver of [...defaultSecretResolvers(), ...resolvers])
    byScheme.set(resolver.scheme, resolver);
  const slots = slotsOf(config, new Set(byScheme.keys()));
  const pending = new Map<string, Promise<string>>();
  for (const slot of slots) {
    if (pending.has(slot.reference)) continue;
    const [, scheme = '', rest = ''] = secretReferencePattern.exec(slot.reference) ?? [];
    const resolver = byScheme.get(scheme);
    pending.set(
      slot.reference,
      resolver === undefined
        ? Promise.reject(
            new Error(
              `no resolver handles its scheme; the schemes known are ${[...byScheme.keys()].join(', ')} (register others with secretResolvers)`,
            ),
          )
        : Promise.resolve().then(() => resolver.resolve(rest, context)),
    );
  }
  const settled = new Map<string, PromiseSettledResult<string>>();
  await Promise.all(
    [...pending].map(async ([reference, promise]) => {
      const [result] = await Promise.allSettled([promise]);
      settled.set(reference, result);
    }),
  );

  const problems: string[] = [];
  const values = new Map<string, string>();
  for (const slot of slots) {
    const result = settled.get(slot.reference)!;
    if (result.status === 'fulfilled') {
      if (typeof result.value === 'string' && result.value !== '') {
        values.set(slot.reference, result.value);
        continue;
      }
      problems.push(
        `at ${formatConfigPath(slot.path)}, ${describeReference(slot.reference)} cannot be resolved: the resolver returned no secret`,
      );
      continue;
    }
    const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
    // "<reference> cannot be resolved: ...": never "API_KEY: ...", which redaction would take for a credential.
    problems.push(
      `at ${formatConfigPath(slot.path)}, ${describeReference(slot.reference)} cannot be resolved: ${reason}`,
    );
  }
  const all = [...values.values()];
  if (problems.length > 0) {
    // A resolver's message could quote what it read: scrub every value resolved so far.
    const scrub = (text: string): string =>
      all.reduce(
        (out, secret) => (secret.length >= 4 ? out.split(secret).join('[redacted]') : out),
        text,
      );
    throw new ConfigError(
      `Could not resolve ${problems.length} secret${problems.length === 1 ? '' : 's'} at start-up:\n${problems.map((line) => `  - ${scrub(line)}`).join('\n')}`,
    );
  }
  return { get: (reference) => values.get(reference), values: all };
}
