import { LlmError } from '@org/llm-core';
import { redactSecrets } from '@org/llm-core/adapter-kit';

// Header and field names whose values are credentials, whatever they hold.
const secretNames =
  /^(authorization|proxy-authorization|x-api-key|api-key|apikey|api_key|cookie|set-cookie)$/i;

/** An error as a log field: an `LlmError`'s own plain form (no cause, no headers), else its name and redacted message. */
export function errorFields(error: unknown, secrets: readonly string[]): Record<string, unknown> {
  if (LlmError.isInstance(error)) return redactLogFields(error.toJSON(), secrets);
  if (error instanceof Error) {
    return { name: error.name, message: redactSecrets(error.message, secrets) };
  }
  return { message: redactSecrets(String(error), secrets) };
}

/**
 * A copy of `fields` safe to log: values of credential-named keys
 * (`authorization`, `x-api-key`, `api-key`...) are replaced, and every
 * string is scrubbed of known secrets and key-like text (`redactSecrets`).
 */
export function redactLogFields(
  fields: Readonly<Record<string, unknown>>,
  secrets: readonly string[],
): Record<string, unknown> {
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactSecrets(value, secrets);
    if (typeof value !== 'object' || value === null || depth > 6) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = secretNames.test(key) ? '[redacted]' : walk(inner, depth + 1);
    }
    return out;
  };
  return walk(fields, 0) as Record<string, unknown>;
}
