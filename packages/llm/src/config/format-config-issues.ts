import type { z } from 'zod';
import { formatConfigPath, type ConfigPath, type ConfigSource } from './config-source.ts';
import { closestKey, knownKeysAt } from './schema-keys.ts';

/** A zod issue, as much of it as the messages use. */
interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
  readonly format?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

// Keys whose values may be credentials: a message describes them, never shows them.
const secretKeys = new Set(['apiKey', 'proxy', 'headers', 'url', 'secret']);

const isSecretPath = (path: ConfigPath): boolean =>
  path.some((key) => typeof key === 'string' && secretKeys.has(key));

/** What was found at `path`, in words; never the value of a key that may hold a secret. */
export function describeFound(input: unknown, path: ConfigPath): string {
  if (input === undefined) return 'nothing (the key is missing)';
  if (input === null) return 'null';
  if (typeof input === 'string') {
    if (isSecretPath(path)) {
      return `a text of ${input.length} characters (not shown: this key may hold a secret)`;
    }
    const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
    return `${JSON.stringify(shown)} (text)`;
  }
  if (typeof input === 'number' || typeof input === 'boolean') {
    return `${String(input)} (${typeof input === 'number' ? 'a number' : 'true or false'})`;
  }
  if (Array.isArray(input)) return `a list of ${input.length} item${input.length === 1 ? '' : 's'}`;
  if (typeof input === 'object') {
    const keys = Object.keys(input);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
  }
  return typeof input;
}

const typeNames: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object of keys and values',
  record: 'an object of keys and values',
  array: 'a list',
};

/** What the key accepts, from the issue (our "allowed: ..." messages first). */
function allowedOf(issue: Issue): string {
  if (issue.message.startsWith('allowed: ')) return issue.message.slice('allowed: '.length);
  switch (issue.code) {
    case 'invalid_type':
      return typeNames[issue.expected ?? ''] ?? issue.expected ?? 'another type';
    case 'invalid_value':
      return (issue.values ?? []).map((value) => JSON.stringify(value)).join(', ');
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `a number ${issue.inclusive === false ? 'above' : 'of at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return `a number ${issue.inclusive === false ? 'below' : 'of at most'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'url'
        ? 'an absolute URL'
        : `text in ${issue.format ?? 'another'} format`;
    default:
      return issue.message;
  }
}

/** A union's issues: the branch that matched deepest, or the union's own message. */
function flatten(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors === undefined) return [issue];
  const deeper = issue.errors.filter((branch) =>
    branch.some(
      (inner) =>
        inner.path.length > 0 || (inner.code !== 'invalid_type' && inner.code !== 'invalid_value'),
    ),
  );
  if (deeper.length === 0) return [issue];
  const best = deeper.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((inner) => flatten({ ...inner, path: [...issue.path, ...inner.path] }));
}

/**
 * One line per problem: where it comes from, the key path, what was found
 * and what is allowed, e.g. `llm.config.yaml:4:16: at
 * providers.openai.timeoutMs, found "fast" (text); allowed: a whole number
 * of milliseconds above 0.`
 */
export function formatConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  source: ConfigSource,
  schema: z.ZodType,
): string[] {
  const lines: string[] = [];
  for (const issue of (issues as readonly Issue[]).flatMap(flatten)) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path) ?? [];
      for (const key of issue.keys ?? []) {
        const closest = closestKey(key, known);
        const allowed =
          closest === undefined
            ? `the keys ${known.join(', ')}`
            : `'${closest}' (did you mean it?), or another of ${known.join(', ')}`;
        lines.push(
          `${source.describeKey(issue.path, key)}: at ${formatConfigPath(issue.path)}, found an unknown key '${key}'; allowed: ${allowed}.`,
        );
      }
      continue;
    }
    // "at <path>, found": never "apiKey: <value>", which reads as a credential to redaction.
    lines.push(
      `${source.describe(issue.path)}: at ${formatConfigPath(issue.path)}, found ${describeFound(issue.input, issue.path)}; allowed: ${allowedOf(issue)}.`,
    );
  }
  return lines;
}
