// A small structural checker for response bodies against an OpenAPI 3.1
// schema: $ref, anyOf/oneOf/allOf, type (incl. "null" and nullable), enum,
// required properties, nested properties and array items. Enough to prove
// that every field the official spec requires is present and well typed.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

/** The `components.schemas` of an OpenAPI document. */
export function loadSchemas(path: string): Record<string, Schema> {
  const document = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1 }) as {
    components: { schemas: Record<string, Schema> };
  };
  return document.components.schemas;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(expected: unknown, actual: string): boolean {
  const list = Array.isArray(expected) ? (expected as string[]) : [expected as string];
  return list.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/** Problems found checking `value` against `schema` (empty when it conforms). */
export function checkShape(
  schemas: Record<string, Schema>,
  schema: Schema,
  value: unknown,
  path = '$',
): string[] {
  // `nullable` may sit beside a $ref (the spec's stream `usage`), so it is read first.
  if (value === null && schema.nullable === true) return [];
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = schemas[ref.replace('#/components/schemas/', '')];
    if (target === undefined) return [`${path}: unknown $ref ${ref}`];
    return checkShape(schemas, target, value, path);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    if (branches !== undefined) {
      const results = branches.map((branch) => checkShape(schemas, branch, value, path));
      if (!results.some((problems) => problems.length === 0)) {
        return [
          `${path}: matches no branch of ${key}: ${results.map((problems) => problems[0]).join(' | ')}`,
        ];
      }
    }
  }
  const problems: string[] = [];
  for (const branch of (schema.allOf as Schema[] | undefined) ?? []) {
    problems.push(...checkShape(schemas, branch, value, path));
  }
  if (schema.type !== undefined && !matchesType(schema.type, typeOf(value))) {
    return [...problems, `${path}: expected ${JSON.stringify(schema.type)}, got ${typeOf(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in record)) problems.push(`${path}: missing required ${name}`);
    }
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, child] of Object.entries(properties)) {
      if (name in record)
        problems.push(...checkShape(schemas, child, record[name], `${path}.${name}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => {
      problems.push(
        ...checkShape(schemas, schema.items as Schema, item, `${path}[${String(index)}]`),
      );
    });
  }
  return problems;
}
