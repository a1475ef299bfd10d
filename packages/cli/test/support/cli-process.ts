import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFailed } from 'vitest';
import { OutputWatch } from './output-watch.ts';

/** The built binary, as `bin.llm` of the package points to it. */
export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** How a process ended. */
export interface Exit {
  /** The exit code, or `null` when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A temporary folder as home and working directory, removed on dispose. */
export interface Sandbox extends Disposable {
  /** The folder: `HOME`, the working directory, and `data/` for `LLM_DATA_DIR`. */
  readonly dir: string;
  /**
   * The environment of a person with nothing configured: `PATH`, `HOME` and
   * `LLM_DATA_DIR` in the sandbox (never the user's), `TERM`, and `extra`;
   * no key or setting of whoever runs the tests leaks in.
   */
  env(extra?: Readonly<Record<string, string>>): Record<string, string>;
}

/** Makes a {@link Sandbox}. */
export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cli-test-'));
  return {
    dir,
    env: (extra = {}) => ({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      LLM_DATA_DIR: join(dir, 'data'),
      TERM: 'xterm-256color',
      ...extra,
    }),
    [Symbol.dispose]: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a finished run of `llm` printed, and its exit code. */
export interface CliResult extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link startCli} and {@link runCli}. */
export interface CliOptions {
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

/** A running `llm`: its output streams to wait on, its standard input, its exit. */
export interface CliProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly stdout: OutputWatch;
  readonly stderr: OutputWatch;
  /** Resolves when the process has exited and its streams are closed. */
  readonly exit: Promise<Exit>;
  /** Writes to standard input. */
  write(text: string): void;
  /** Closes standard input (end of the piped input). */
  end(): void;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' comes after the exit and after the output streams closed.
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

async function stop(child: ChildProcess, exit: Promise<Exit>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exit.catch(() => undefined);
}

/**
 * Starts the built `llm` with `args` on Node 24 (the Node running the
 * tests), standard input a pipe. Disposing it kills it if it still runs.
 */
export function startCli(args: readonly string[], options: CliOptions): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exit = exitOf(child);
  const stdout = new OutputWatch(child.stdout, 'standard output');
  const stderr = new OutputWatch(child.stderr, 'standard error');
  onTestFailed(() => {
    console.log(
      `llm ${args.join(' ')}\n--- standard output:\n${stdout.text}\n--- standard error:\n${stderr.text}`,
    );
  });
  return {
    child,
    stdout,
    stderr,
    exit,
    write: (text) => {
      child.stdin.write(text);
    },
    end: () => {
      child.stdin.end();
    },
    [Symbol.asyncDispose]: () => stop(child, exit),
  };
}

/** Runs the built `llm` to its end with `input` piped on standard input (empty by default). */
export async function runCli(
  args: readonly string[],
  options: CliOptions & { readonly input?: string | undefined },
): Promise<CliResult> {
  await using cli = startCli(args, options);
  cli.write(options.input ?? '');
  cli.end();
  const exit = await cli.exit;
  return { ...exit, stdout: cli.stdout.raw, stderr: cli.stderr.raw };
}

/** A process attached to a pseudo-terminal, as a person at a terminal runs it. */
export interface TerminalProcess extends AsyncDisposable {
  /** What the terminal shows (standard output and standard error together, and the echo). */
  readonly screen: OutputWatch;
  /** Resolves with the exit of `llm` when it ends. */
  readonly exit: Promise<Exit>;
  /** Types `text` (`\r` is Enter, `\u0003` Ctrl-C, `\u0004` Ctrl-D). */
  type(text: string): void;
}

/** Quotes a word for `sh`. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Starts the built `llm` on a pseudo-terminal through util-linux `script`
 * (no native module): its standard input, output and error are a terminal,
 * keys typed reach it as a person's would, and Ctrl-C is a SIGINT from the
 * terminal when it is not in raw mode. `script -e` exits with the code of
 * `llm`, which the shell `exec`s so that nothing stands between them.
 */
export function startInTerminal(args: readonly string[], options: CliOptions): TerminalProcess {
  const command = `exec ${[process.execPath, cliPath, ...args].map(shellQuote).join(' ')}`;
  const child = spawn(
    'script',
    ['--quiet', '--flush', '--return', '--command', command, '/dev/null'],
    {
      cwd: options.cwd,
      env: { ...options.env, SHELL: '/bin/sh' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const exit = exitOf(child);
  const screen = new OutputWatch(child.stdout, 'the terminal');
  onTestFailed(() => {
    console.log(
      `llm ${args.join(' ')} on a terminal; it showed:\n${screen.text}\n--- not read by the test:\n${screen.unread}`,
    );
  });
  return {
    screen,
    exit,
    type: (text) => {
      child.stdin.write(text);
    },
    [Symbol.asyncDispose]: () => stop(child, exit),
  };
}
