import { spawn, type ChildProcess } from 'node:child_process';
import { findBinary } from './find-binary.ts';
import { freePort } from './free-port.ts';

/** A redis-server this test started on 127.0.0.1, without persistence. */
export interface TestRedisServer extends AsyncDisposable {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (the process this test started, by its pid). */
  stop(): Promise<void>;
}

/** Waits for `text` on the child's stdout. */
function waitForOutput(child: ChildProcess, text: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`${what} exited (code ${String(code)}) before it was ready:\n${seen}`));
    });
  });
}

/** Stops a child this test started and waits for it to exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts redis-server on a free port and resolves once it accepts connections. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const binary = findBinary('redis-server');
  if (binary === undefined)
    throw new Error('redis-server is not installed (apt-get install -y redis-server).');
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await waitForOutput(child, 'Ready to accept connections', 'redis-server');
  const stop = (): Promise<void> => stopChild(child);
  return { url: `redis://127.0.0.1:${port}`, port, stop, [Symbol.asyncDispose]: stop };
}
