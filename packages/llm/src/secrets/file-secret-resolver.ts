import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SecretResolver } from './secret-resolver.ts';

/**
 * `file:/run/secrets/openai`: the file's content, without the trailing
 * newline (Docker and Kubernetes secrets are mounted as files, often
 * written with one). A relative path starts from the working directory.
 */
export const fileSecretResolver: SecretResolver = {
  scheme: 'file',
  async resolve(path, { cwd }) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, path), 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'cannot be read by this process (permissions)'
            : code === 'EISDIR'
              ? 'is a directory'
              : 'cannot be read';
      throw new Error(`the file ${path} ${why}`, { cause: error });
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new Error(`the file ${path} is empty`);
    return value;
  },
};
