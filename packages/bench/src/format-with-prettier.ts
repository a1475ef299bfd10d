import { fileURLToPath } from 'node:url';

/**
 * Formats a generated file the way the repository's Prettier config would,
 * so `prettier --check .` (part of `pnpm test`) passes on what the benchmark
 * writes. Prettier is the workspace root's dev dependency.
 */
export async function formatWithPrettier(text: string, file: URL): Promise<string> {
  const prettier = await import('prettier');
  const filepath = fileURLToPath(file);
  const options = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...options, filepath });
}
