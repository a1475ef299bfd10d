import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '@org/llm-core';

/**
 * Reads a `.env` file with Node's own parser (`util.parseEnv`, the one
 * behind `--env-file` and `process.loadEnvFile`) and returns `env` with the
 * file's variables added where `env` has none: the real environment wins,
 * as with `--env-file`. `env` itself is not changed.
 *
 * @throws ConfigError when the file cannot be read (a missing file is
 *   reported only when `required`; otherwise `env` comes back as it is).
 */
export function loadEnvFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  required: boolean,
): { readonly env: Record<string, string | undefined>; readonly loaded: readonly string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' && !required) return { env: { ...env }, loaded: [] };
    throw new ConfigError(
      `The env file ${file} cannot be read (${typeof code === 'string' ? code : 'error'}); check the envFile option or LLM_ENV_FILE.`,
      { cause: error },
    );
  }
  const parsed = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...env };
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (merged[name] !== undefined) continue;
    merged[name] = value;
    loaded.push(name);
  }
  return { env: merged, loaded };
}
