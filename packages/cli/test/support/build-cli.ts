// Vitest global setup of the cli project: builds the `llm` binary and the
// workspace packages it imports (their dist/, what an installed copy runs)
// through turbo, which skips what is up to date, before any test spawns it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export function setup(): void {
  const turbo = fileURLToPath(new URL('node_modules/.bin/turbo', `file://${root}`));
  const result = spawnSync(
    turbo,
    ['run', 'build', '--filter=@org/llm-cli', '--output-logs=errors-only'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      timeout: 900_000,
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `Building the llm binary failed (turbo run build --filter=@org/llm-cli, ${String(result.status ?? result.error)}); turbo runs each package's build with pnpm, so run the tests through pnpm (npx -y pnpm@12 exec vitest ...):\n${result.stdout}\n${result.stderr}`,
    );
  }
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  if (!existsSync(cli)) throw new Error(`The build did not write ${cli}.`);
}
