import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';

/** A path into the configuration, as zod reports it. */
export type ConfigPath = readonly PropertyKey[];

/** `providers.openai.timeoutMs`, `models.smart.fallbacks[0]`. */
export function formatConfigPath(path: ConfigPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$-]*$/.test(name)
        ? `${out === '' ? '' : '.'}${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out === '' ? '(the root)' : out;
}

/**
 * Where each part of the configuration came from, for messages: a line of
 * the file, an environment override, or the object passed in code.
 */
export class ConfigSource {
  /** The file as messages name it, e.g. `llm.config.yaml`; `undefined` for an object passed in code. */
  readonly file: string | undefined;
  readonly #document: Document | undefined;
  readonly #lines: LineCounter | undefined;
  /** Paths set by environment overrides, by `formatConfigPath`, with the variable's name. */
  readonly #overrides = new Map<string, string>();

  constructor(file?: string, document?: Document, lines?: LineCounter) {
    this.file = file;
    this.#document = document;
    this.#lines = lines;
  }

  /** Records that `variable` set the value at `path`. */
  overridden(path: ConfigPath, variable: string): void {
    this.#overrides.set(formatConfigPath(path), variable);
  }

  /** The environment variables that set a value, in order. */
  get overrides(): readonly string[] {
    return [...new Set(this.#overrides.values())];
  }

  /**
   * Where the key `key` of the object at `path` is written: `file:line:column`
   * of the key itself (for an unknown key), else as {@link ConfigSource.describe}.
   */
  describeKey(path: ConfigPath, key: string): string {
    const full = [...path, key];
    if (this.#overridden(full) !== undefined || this.#document === undefined)
      return this.describe(full);
    const parent = this.#document.getIn(path as unknown[], true);
    if (isMap(parent) && this.#lines !== undefined) {
      for (const pair of parent.items) {
        if (
          isScalar(pair.key) &&
          pair.key.value === key &&
          pair.key.range !== undefined &&
          pair.key.range !== null
        ) {
          const { line, col } = this.#lines.linePos(pair.key.range[0]);
          return `${this.file ?? ''}:${line}:${col}`;
        }
      }
    }
    return this.describe(full);
  }

  #overridden(path: ConfigPath): string | undefined {
    for (let length = path.length; length >= 1; length--) {
      const variable = this.#overrides.get(formatConfigPath(path.slice(0, length)));
      if (variable !== undefined) return variable;
    }
    return undefined;
  }

  /**
   * Where the value at `path` came from: `the environment variable X` when
   * an override set it (or one of its parents), else `file:line:column`
   * of the nearest key the file has, else the file or the object.
   */
  describe(path: ConfigPath): string {
    const variable = this.#overridden(path);
    if (variable !== undefined) return `the environment variable ${variable}`;
    if (this.file === undefined) return 'the configuration object';
    if (this.#document !== undefined && this.#lines !== undefined) {
      for (let length = path.length; length >= 0; length--) {
        const node = this.#document.getIn(path.slice(0, length) as unknown[], true);
        if (isNode(node) && node.range !== undefined && node.range !== null) {
          const { line, col } = this.#lines.linePos(node.range[0]);
          return `${this.file}:${line}:${col}`;
        }
      }
    }
    return this.file;
  }
}
