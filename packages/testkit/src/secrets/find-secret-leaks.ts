import { inspect } from 'node:util';

/** Where {@link findSecretLeaks} found a secret, or a piece of one. */
export interface SecretLeak {
  /**
   * Where it was found: a property path from the value
   * (`cause.headers["x-request-id"]`, `attempts[0].error.message`, a getter
   * as `partialText`, a symbol key as `[Symbol(brand)]`), or a rendering of
   * the whole value: `<String()>`, `<stack>`, `<JSON.stringify>`,
   * `<toJSON()>`, `<util.inspect>`, `<util.inspect showHidden>`.
   */
  readonly path: string;
  /** Index of the secret in the list given. */
  readonly secret: number;
  /** Whether the whole secret was there, or only a piece of it. */
  readonly whole: boolean;
}

/** Options of {@link findSecretLeaks}. */
export interface FindSecretLeaksOptions {
  /**
   * A piece of a secret this long or longer counts as a leak (default 8):
   * a key cut in the middle still gives most of itself away. Secrets this
   * short or shorter are looked for whole.
   */
  readonly minFragmentLength?: number | undefined;
  /** Values walked before giving up with an error, so a leak is never missed silently (default 200,000). */
  readonly maxValues?: number | undefined;
}

/** Bytes of a binary value decoded to look for secrets in them. */
const maxBytes = 1 << 20;

/** Prototypes whose getters are not read (they describe every object, not this one). */
const skippedPrototypes = new Set<unknown>([Object.prototype, Function.prototype]);

interface Pending {
  readonly value: unknown;
  readonly path: string;
}

function join(path: string, key: string | symbol): string {
  if (typeof key === 'symbol') return `${path}[${String(key)}]`;
  if (/^\d+$/.test(key)) return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function fragmentsOf(secret: string, length: number): string[] {
  if (secret.length <= length) return [secret];
  const out = new Set<string>();
  for (let start = 0; start + length <= secret.length; start++)
    out.add(secret.slice(start, start + length));
  return [...out];
}

function render(label: string, produce: () => unknown): Pending | undefined {
  try {
    const text = produce();
    return typeof text === 'string' ? { value: text, path: `<${label}>` } : undefined;
  } catch {
    // A rendering that throws (JSON.stringify of a cycle) shows nothing.
    return undefined;
  }
}

/**
 * Looks for secrets (API keys) anywhere a caller, a logger or a debugger could
 * reach from `value`, usually an error: every property, own or inherited
 * getter, enumerable or not, string- or symbol-keyed, property names too;
 * array items, `Map`, `Set` and `Headers` entries, bytes of binary values
 * (as UTF-8); the whole `cause` chain, `AggregateError.errors` and any
 * nested error (they are properties like any other); cycles are followed
 * once. It also checks what gets printed: `String(value)`, `stack`,
 * `JSON.stringify`, `toJSON()`, and `util.inspect` at unlimited depth, with
 * and without hidden properties and getters.
 *
 * A secret counts when it appears whole or as any piece of
 * `minFragmentLength` characters (default 8), so a key cut in the middle is
 * caught too. Keys of every shape work: with an `sk-` prefix or without one
 * (an Azure key is 32 hex digits). Plant keys that look random: a piece of
 * a key that also occurs elsewhere (a word of a file path in a stack trace,
 * such as `wire-tes`) is reported like any other.
 *
 * @example
 * expect(findSecretLeaks(error, ['sk-test-0123456789abcdef'])).toEqual([]);
 *
 * @returns One entry per place and secret, empty when nothing leaked. The
 *   entries never contain the secret itself, so they are safe to print.
 * @throws Error when the walk meets more than `maxValues` values.
 */
export function findSecretLeaks(
  value: unknown,
  secrets: readonly string[],
  options: FindSecretLeaksOptions = {},
): SecretLeak[] {
  const fragmentLength = options.minFragmentLength ?? 8;
  const maxValues = options.maxValues ?? 200_000;
  const pieces = secrets.map((secret) => fragmentsOf(secret, fragmentLength));
  const leaks: SecretLeak[] = [];
  const reported = new Set<string>();

  const check = (text: string, path: string): void => {
    for (let index = 0; index < secrets.length; index++) {
      const secret = secrets[index]!;
      if (secret === '') continue;
      const whole = text.includes(secret);
      if (!whole && !pieces[index]!.some((piece) => text.includes(piece))) continue;
      const id = `${String(index)} ${path}`;
      if (reported.has(id)) continue;
      reported.add(id);
      leaks.push({ path, secret: index, whole });
    }
  };

  const queue: Pending[] = [{ value, path: '' }];
  if (typeof value === 'object' && value !== null) {
    const target = value as { stack?: unknown; toJSON?: unknown };
    const renders = [
      // What `${error}` and string concatenation print (Error.prototype.toString for errors).
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what gets printed is the point
      render('String()', () => String(value)),
      render('stack', () => target.stack),
      render('JSON.stringify', () => JSON.stringify(value)),
      render('toJSON()', () =>
        typeof target.toJSON === 'function'
          ? JSON.stringify((target.toJSON as () => unknown).call(value))
          : undefined,
      ),
      render('util.inspect', () => inspect(value, { depth: Infinity })),
      render('util.inspect showHidden', () =>
        inspect(value, {
          depth: Infinity,
          showHidden: true,
          getters: true,
          maxArrayLength: Infinity,
          maxStringLength: Infinity,
        }),
      ),
    ];
    for (const item of renders) if (item !== undefined) queue.push(item);
  }

  const seen = new Set<object>();
  let visited = 0;
  while (queue.length > 0) {
    const { value: current, path } = queue.pop()!;
    if (++visited > maxValues) {
      throw new Error(
        `findSecretLeaks: more than ${String(maxValues)} values reachable; raise maxValues to walk them all.`,
      );
    }
    if (typeof current === 'string') {
      check(current, path === '' ? '<value>' : path);
      continue;
    }
    if (typeof current === 'symbol') {
      if (current.description !== undefined) check(current.description, path);
      continue;
    }
    if (typeof current !== 'object' || current === null) {
      // Functions are skipped: what they close over is not reachable by reading the value.
      if (typeof current === 'number' || typeof current === 'bigint') check(String(current), path);
      continue;
    }
    if (seen.has(current)) continue;
    seen.add(current);
    if (ArrayBuffer.isView(current)) {
      const bytes = new Uint8Array(current.buffer, current.byteOffset, current.byteLength);
      check(new TextDecoder().decode(bytes.subarray(0, maxBytes)), `${path}<bytes>`);
      continue;
    }
    if (current instanceof Map) {
      let index = 0;
      for (const [key, item] of current) {
        queue.push({ value: key, path: `${path}<map key ${String(index)}>` });
        queue.push({ value: item, path: `${path}<map value ${String(index++)}>` });
      }
    } else if (current instanceof Set) {
      let index = 0;
      for (const item of current)
        queue.push({ value: item, path: `${path}<set ${String(index++)}>` });
    } else if (typeof Headers === 'function' && current instanceof Headers) {
      for (const [name, item] of current) queue.push({ value: item, path: join(path, name) });
    }
    for (const key of Reflect.ownKeys(current)) {
      if (typeof key === 'string') check(key, `${join(path, key)}<name>`);
      else if (key.description !== undefined) check(key.description, `${join(path, key)}<name>`);
      const descriptor = Reflect.getOwnPropertyDescriptor(current, key)!;
      if ('value' in descriptor) {
        queue.push({ value: descriptor.value as unknown, path: join(path, key) });
      } else if (descriptor.get !== undefined) {
        try {
          queue.push({ value: descriptor.get.call(current) as unknown, path: join(path, key) });
        } catch {
          // A getter that throws reveals nothing.
        }
      }
    }
    // Getters of the value's classes (`partialText`, `errors`), read on the value itself.
    for (
      let proto: unknown = Object.getPrototypeOf(current);
      proto !== null && typeof proto === 'object' && !skippedPrototypes.has(proto);
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const key of Reflect.ownKeys(proto)) {
        if (key === 'constructor' || key === '__proto__') continue;
        const getter = Reflect.getOwnPropertyDescriptor(proto, key)?.get;
        if (getter === undefined) continue;
        try {
          queue.push({ value: getter.call(current) as unknown, path: join(path, key) });
        } catch {
          // Not a getter of this kind of value (a built-in prototype's), or it threw.
        }
      }
    }
  }
  return leaks;
}
