import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newcomerEnv, runShellLine, withToolsNode, type CommandOutcome } from './newcomer-env.ts';

/** A fresh npm project outside the workspace, beside a link to the clone. */
export interface FreshProject extends Disposable {
  /** The project folder (`<tmp>/my-app`), where the docs' install lines run. */
  readonly dir: string;
  /** The environment npm runs in: a newcomer's, on the tools' Node, preferring npm's cache. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs a shell line in the project. */
  run(command: string): CommandOutcome;
}

/**
 * Creates `<tmp>/my-app` (an empty ESM project) and `<tmp>/llm`, a link to
 * the clone at `root`, which is the layout the docs' install lines assume
 * (`npm install ../llm/tarballs/…`). npm runs with a newcomer's environment
 * on the tools' Node, and prefers its cache (`prefer-offline`) so only
 * third-party packages it has never fetched come from the registry.
 */
export function createFreshProject(root: string): FreshProject {
  const base = mkdtempSync(join(tmpdir(), 'llm-install-'));
  symlinkSync(root, join(base, 'llm'), 'dir');
  const dir = join(base, 'my-app');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'my-app', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const env: NodeJS.ProcessEnv = {
    ...withToolsNode(newcomerEnv()),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return {
    dir,
    env,
    run: (command) => runShellLine(command, { cwd: dir, env }),
    [Symbol.dispose]: () => {
      rmSync(base, { recursive: true, force: true });
    },
  };
}
