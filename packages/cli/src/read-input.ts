import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '@org/llm-core';

/** Everything `stream` sends until it ends, as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON or YAML file named on the command line (relative to `cwd`);
 * YAML 1.2 reads JSON too. A missing file or bad syntax is a `ConfigError`
 * naming the option and the file.
 */
export async function readDataFile(file: string, cwd: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${option} ${file}: the file cannot be read (${(error as Error).message}).`,
      {
        cause: error,
      },
    );
  }
  try {
    if (file.endsWith('.json')) return JSON.parse(text) as unknown;
    const { parse } = await import('yaml');
    return parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(
      `${option} ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]!}`,
      { cause: error },
    );
  }
}
