import type { z } from 'zod';
import type { ConfigSource } from './config-source.ts';
import { knownKeysAt, looseKey } from './schema-keys.ts';

/** Environment variables that override a key start with this; `__` separates the key path. */
export const envOverridePrefix = 'LLM__';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An override's value: JSON when it parses (numbers, true, lists), else the text as it is. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The key a path segment names in `object`: a key it already has, or a key
 * the schema knows at this place, compared without case, `_` or `-`
 * (`BASE_URL` is `baseURL`); else a new key in lower case (a provider
 * name, an alias).
 */
function keyFor(segment: string, object: Plain, known: readonly string[] | undefined): string {
  const loose = looseKey(segment);
  return (
    Object.keys(object).find((key) => looseKey(key) === loose) ??
    known?.find((key) => looseKey(key) === loose) ??
    segment.toLowerCase()
  );
}

/**
 * Applies the `LLM__...` variables of `env` to `config` (a copy is
 * changed, not the argument): `LLM__MODELS__CHAT=anthropic:claude-sonnet-4-6`
 * sets `models.chat`, `LLM__PROVIDERS__OPENAI__TIMEOUT_MS=30000` sets
 * `providers.openai.timeoutMs`. Empty variables are ignored. Each override
 * is recorded in `source`, so a mistake names the variable.
 */
export function applyEnvOverrides(
  config: unknown,
  env: Readonly<Record<string, string | undefined>>,
  schema: z.ZodType,
  source: ConfigSource,
): unknown {
  const names = Object.keys(env)
    .filter((name) => name.startsWith(envOverridePrefix) && env[name] !== '')
    .sort((a, b) => a.split('__').length - b.split('__').length || a.localeCompare(b));
  if (names.length === 0) return config;
  const root: Plain = isPlain(config) ? structuredClone(config) : {};
  for (const name of names) {
    const segments = name
      .slice(envOverridePrefix.length)
      .split('__')
      .filter((part) => part !== '');
    if (segments.length === 0) continue;
    const path: string[] = [];
    let object = root;
    segments.forEach((segment, index) => {
      const key = keyFor(segment, object, knownKeysAt(schema, path));
      path.push(key);
      if (index === segments.length - 1) {
        object[key] = parseValue(env[name]!);
        return;
      }
      if (!isPlain(object[key])) {
        // A place the file did not have: a mistake under it names this variable.
        object[key] = {};
        source.overridden(path, name);
      }
      object = object[key] as Plain;
    });
    source.overridden(path, name);
  }
  return root;
}
