import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const runner = fileURLToPath(new URL('./record-zod-imports.ts', import.meta.url));

/**
 * Runs `scenario` (an absolute path) in a fresh Node process that loads the
 * workspace sources, and resolves to the modules that imported zod while it
 * ran, as `packages/...` paths (others unchanged).
 */
export async function zodImporters(scenario: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@org/source', runner, scenario],
    { timeout: 60_000 },
  );
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as string[]).map((url) =>
    url.replace(/^.*\/packages\//, 'packages/'),
  );
}
