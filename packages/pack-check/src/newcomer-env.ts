import { spawnSync } from 'node:child_process';
import { dirname, sep } from 'node:path';

/**
 * Variables that pnpm, npm, turbo and Vitest put in the environment of the
 * processes they start. A person at a shell has none of them; some change
 * what npm or pnpm do (`npm_config_local_prefix` makes npm install into the
 * workspace, for one).
 */
const toolVariable = /^(npm_|NPM_|pnpm_|PNPM_|VITEST|TURBO_|__VITEST)/;
const toolVariables = new Set(['TEST', 'NODE_ENV', 'INIT_CWD', 'NODE', 'NODE_V8_COVERAGE']);

/**
 * The environment of a newcomer's shell, made from this process's: the same
 * variables (home, proxies, certificates) without the ones pnpm, npm, turbo
 * and Vitest add, and a `PATH` without any `node_modules` folder, so `node`,
 * `npm` and `npx` are the machine's own (Node 20 on a fresh machine).
 */
export function newcomerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || toolVariable.test(key) || toolVariables.has(key)) continue;
    env[key] = value;
  }
  env.PATH = (base.PATH ?? '')
    .split(':')
    .filter((entry) => entry !== '' && !`${entry}${sep}`.includes(`${sep}node_modules${sep}`))
    .join(':');
  return env;
}

/**
 * `env` with the Node that runs this process (the tools' Node 24, from the
 * `node` devDependency) first on `PATH`, so `npm` and `node` run on it. npm
 * reads its global config next to the Node that runs it; `globalconfig` keeps
 * the machine's (a CA file, a proxy) when that Node lives elsewhere.
 */
export function withToolsNode(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const globalConfig = spawnSync('npm', ['config', 'get', 'globalconfig'], {
    env,
    encoding: 'utf8',
  }).stdout.trim();
  return {
    ...env,
    PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}`,
    ...(globalConfig === '' ? {} : { npm_config_globalconfig: globalConfig }),
  };
}

/** What a command printed and how it ended. */
export interface CommandOutcome {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one shell line as a person would type it, in `cwd`, with `env`. */
export function runShellLine(
  command: string,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): CommandOutcome {
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    command,
    status: result.status,
    stdout: result.stdout,
    stderr:
      result.error === undefined ? result.stderr : `${result.stderr}\n${String(result.error)}`,
  };
}

/** A readable account of a command that failed, for assertion messages. */
export function describeOutcome(outcome: CommandOutcome): string {
  const tail = (text: string): string => text.trim().split('\n').slice(-30).join('\n');
  return [
    `\`${outcome.command}\` exited with ${String(outcome.status)}`,
    `stdout (last lines):\n${tail(outcome.stdout)}`,
    `stderr (last lines):\n${tail(outcome.stderr)}`,
  ].join('\n');
}
