import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The fake server child process, as the runner sees it. */
export interface FakeServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The child's process id. */
  readonly pid: number;
  /** Stops the child and resolves when it exited. */
  stop(): Promise<void>;
}

/**
 * Starts `fake-server-process.ts` in a child process (so its CPU is not the
 * client's) and resolves with its URL once it listens. Rejects if the child
 * exits first or prints nothing within `timeoutMs`.
 */
export function startFakeServer(timeoutMs = 20_000): Promise<FakeServerProcess> {
  const script = new URL('./fake-server-process.ts', import.meta.url);
  const child = spawn(process.execPath, ['--conditions=@org/source', script.pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The fake server did not start within ${timeoutMs} ms.`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`The fake server exited before listening (code ${code}, signal ${signal}).`),
      );
    });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        origin: url,
        pid: child.pid!,
        stop: async () => {
          // Closing stdin asks the child to close the server and exit.
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
