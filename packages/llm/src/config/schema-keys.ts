import type { z } from 'zod';
import type { ConfigPath } from './config-source.ts';

/** The parts of zod 4's schema definitions this walker reads. */
interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly element?: z.ZodType;
  readonly in?: z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { def: SchemaDef }).def;

/** The schemas a value at `schema` may follow, through optional, default and union wrappers. */
function alternatives(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      return def.innerType === undefined ? [] : alternatives(def.innerType);
    case 'pipe':
      return def.in === undefined ? [] : alternatives(def.in);
    case 'union':
      return (def.options ?? []).flatMap(alternatives);
    default:
      return [schema];
  }
}

/** The schemas of the value at `key` under `schema`. */
function child(schema: z.ZodType, key: PropertyKey): z.ZodType[] {
  return alternatives(schema).flatMap((option) => {
    const def = defOf(option);
    if (def.type === 'object') {
      const shape = (option as unknown as { shape: Readonly<Record<string, z.ZodType>> }).shape;
      const found = typeof key === 'string' ? shape[key] : undefined;
      return found === undefined ? [] : [found];
    }
    if (def.type === 'record' && def.valueType !== undefined) return [def.valueType];
    if (def.type === 'array' && def.element !== undefined) return [def.element];
    return [];
  });
}

/** The schemas of the value at `path`, or none when the schema has no such place. */
export function schemasAt(schema: z.ZodType, path: ConfigPath): z.ZodType[] {
  let current = [schema];
  for (const key of path) current = current.flatMap((option) => child(option, key));
  return current;
}

/**
 * The fixed keys an object at `path` may have (e.g. a provider's `baseURL`,
 * `timeoutMs`...), or `undefined` where keys are free (provider names,
 * aliases) or the value is not an object.
 */
export function knownKeysAt(schema: z.ZodType, path: ConfigPath): string[] | undefined {
  const keys = new Set<string>();
  let objects = 0;
  for (const option of schemasAt(schema, path).flatMap(alternatives)) {
    if (defOf(option).type !== 'object') continue;
    objects++;
    for (const key of Object.keys((option as unknown as { shape: object }).shape)) keys.add(key);
  }
  return objects === 0 ? undefined : [...keys];
}

/** A key written without case, `_` or `-`: `BASE_URL` and `baseURL` are both `baseurl`. */
export const looseKey = (key: string): string => key.replace(/[_-]/g, '').toLowerCase();

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key `key` was probably meant to be (`timeoutMS` → `timeoutMs`), if one is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const loose = looseKey(key);
  const exact = known.find((candidate) => looseKey(candidate) === loose);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(loose, looseKey(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
