import { spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

/** A benchmark child process that prints one JSON line per answer. */
export interface JsonLineChild {
  /** What its first line said. */
  readonly first: Record<string, unknown>;
  /** Writes a line to its standard input and resolves with its next output line, parsed. */
  ask(line: string): Promise<Record<string, unknown>>;
  /** Closes its input (it stops) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `script` (TypeScript, from workspace sources) with `args`; resolves with its first line. */
export function startJsonLineChild(
  script: URL,
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<JsonLineChild> {
  const child = spawn(
    process.execPath,
    ['--conditions=@org/source', '--disable-warning=ExperimentalWarning', script.pathname, ...args],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const lines: Interface = createInterface({ input: child.stdout });
  const next = (): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      lines.once('line', (line) => {
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script.pathname} did not start within ${timeoutMs} ms.`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script.pathname} exited before it was ready (code ${code}).`));
    });
    void next().then((first) => {
      clearTimeout(timer);
      resolve({
        first,
        ask: (line) => {
          const answer = next();
          child.stdin.write(`${line}\n`);
          return answer;
        },
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
