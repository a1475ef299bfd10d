import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '@org/llm-core';
import { LineCounter, parseDocument } from 'yaml';
import { applyEnvOverrides } from './apply-env-overrides.ts';
import { checkConfigReferences } from './check-config-references.ts';
import { ConfigSource } from './config-source.ts';
import { formatConfigIssues } from './format-config-issues.ts';
import { llmConfigSchema, type LlmConfig } from './llm-config-schema.ts';
import { loadEnvFile } from './load-env-file.ts';

/** The file names looked for, in order, when no path is given. */
export const configFileNames: readonly string[] = [
  'llm.config.json',
  'llm.config.yaml',
  'llm.config.yml',
];

/** The schema with the checks across keys (model ids, policy names, adapter keys). */
const checkedSchema = llmConfigSchema.superRefine(checkConfigReferences);

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * The configuration file (JSON or YAML, by extension). Default: the
   * `LLM_CONFIG` variable, else the first of `llm.config.json`,
   * `llm.config.yaml`, `llm.config.yml` in `cwd`.
   */
  readonly path?: string | undefined;
  /** A configuration object to use instead of a file, checked the same way. */
  readonly config?: unknown;
  /** Directory relative paths start from; default `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** The environment: secret references and `LLM__` overrides read it; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * A `.env` file whose variables fill in those the environment lacks.
   * Default: the `LLM_ENV_FILE` variable (which must exist), else `.env`
   * beside the configuration file (or in `cwd`) when there is one. `false`
   * reads none.
   */
  readonly envFile?: string | false | undefined;
}

/** What {@link loadConfig} found. */
export interface LoadedConfig {
  /** The checked configuration; secret references are not resolved yet. */
  readonly config: LlmConfig;
  /** Absolute path of the file read, or `undefined` for a configuration object. */
  readonly file: string | undefined;
  /** The environment with the `.env` file's variables added. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Names of the variables the `.env` file added. */
  readonly envFileVariables: readonly string[];
  /** Names of the `LLM__` variables that overrode keys. */
  readonly overrides: readonly string[];
}

function findFile(options: LoadConfigOptions, cwd: string, env: LoadConfigOptions['env']): string {
  const given = options.path ?? env?.LLM_CONFIG;
  if (given !== undefined && given !== '') {
    const file = resolve(cwd, given);
    if (!existsSync(file)) {
      throw new ConfigError(
        `The configuration file ${given}${options.path === undefined ? ' (from LLM_CONFIG)' : ''} does not exist; check the path.`,
      );
    }
    return file;
  }
  for (const name of configFileNames) {
    const file = join(cwd, name);
    if (existsSync(file)) return file;
  }
  throw new ConfigError(
    `No configuration: create ${configFileNames.join(' or ')} in ${cwd}, set LLM_CONFIG to its path, or pass the path or a configuration object.`,
  );
}

/** The file as messages show it: relative to `cwd` when it is inside it. */
function displayName(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Parses the file's text; a syntax error names the file, line and column. */
function parseFile(
  file: string,
  name: string,
): { readonly data: unknown; readonly source: ConfigSource } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`The configuration file ${name} cannot be read.`, { cause: error });
  }
  const lines = new LineCounter();
  // YAML 1.2 reads JSON too, with positions for messages; JSON files must still be strict JSON.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new ConfigError(
        `${name} is not valid JSON: ${(error as Error).message}. Fix the syntax (YAML files may be named llm.config.yaml).`,
        { cause: error },
      );
    }
  }
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const at = syntax.linePos?.[0];
    throw new ConfigError(
      `${name}${at === undefined ? '' : `:${at.line}:${at.col}`} is not valid YAML: ${syntax.message.split('\n')[0]}`,
    );
  }
  return { data: document.toJS() as unknown, source: new ConfigSource(name, document, lines) };
}

/**
 * Reads the configuration: the file (or object), then the `.env` file,
 * then the `LLM__` environment overrides, then checks it all with zod. A
 * mistake throws one `ConfigError` listing every problem with where it
 * comes from (`llm.config.yaml:12:5`, or the environment variable), the
 * key path, what was found and what is allowed; values of keys that may
 * hold secrets are never shown.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const baseEnv = options.env ?? process.env;
  let file: string | undefined;
  let data: unknown;
  let source: ConfigSource;
  if (options.config !== undefined) {
    data = options.config;
    source = new ConfigSource();
  } else {
    file = findFile(options, cwd, baseEnv);
    ({ data, source } = parseFile(file, displayName(file, cwd)));
  }

  const fromVariable = baseEnv.LLM_ENV_FILE;
  const envFile =
    options.envFile ??
    (fromVariable !== undefined && fromVariable !== ''
      ? fromVariable
      : join(file === undefined ? cwd : dirname(file), '.env'));
  const { env, loaded } =
    envFile === false
      ? { env: { ...baseEnv }, loaded: [] }
      : loadEnvFile(
          resolve(cwd, envFile),
          baseEnv,
          options.envFile !== undefined || (fromVariable !== undefined && fromVariable !== ''),
        );

  const merged = applyEnvOverrides(data, env, llmConfigSchema, source);
  const parsed = checkedSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) {
    const lines = formatConfigIssues(parsed.error.issues, source, llmConfigSchema);
    throw new ConfigError(
      `Invalid configuration (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((line) => `  - ${line}`).join('\n')}`,
    );
  }
  return {
    config: parsed.data,
    file,
    env,
    envFileVariables: loaded,
    overrides: source.overrides,
  };
}
