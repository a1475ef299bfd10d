import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The workspace root. */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The packages the benchmark's clients import (their workspace dependencies build with them). */
const measured = [
  '@org/llm-openai-http',
  '@org/llm-openai',
  '@org/llm-anthropic',
  '@org/llm-resilience',
];

/**
 * Builds the measured packages (and the workspace packages they depend on)
 * into their `dist/` with their own build (tsdown), through turbo, which
 * skips what is up to date. The cold-start children load these builds, as an
 * application loads the published packages: bundled JavaScript, not our
 * TypeScript sources file by file. Throws with the build's output when a
 * build fails.
 */
export function buildWorkspacePackages(): void {
  const turbo = fileURLToPath(new URL('node_modules/.bin/turbo', `file://${root}`));
  execFileSync(
    turbo,
    ['run', 'build', ...measured.map((name) => `--filter=${name}`), '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}
