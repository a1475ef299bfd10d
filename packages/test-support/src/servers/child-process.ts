import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on now on 127.0.0.1 (and, for a Redis Cluster node, its bus port + 10000 too). */
export async function freePort(withBusPort = false): Promise<number> {
  for (;;) {
    const port = await listenAndClose(0);
    if (!withBusPort) return port;
    if (port + 10000 > 65535) continue;
    const busFree = await listenAndClose(port + 10000).then(
      () => true,
      () => false,
    );
    if (busFree) return port;
  }
}

/** Listens on `port` of 127.0.0.1 (0: any free one), closes, and gives the port. */
function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('The server has no TCP address.'));
      });
    });
  });
}

/** Resolves when `pattern` appears in the process's output; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (pattern.test(output)) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null): void => {
      reject(
        new Error(
          `${what} exited (code ${String(code)}) before it was ready:\n${output.slice(-2000)}`,
        ),
      );
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Stops a child the test started (if it still runs) and waits for it to exit. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
  });
  child.kill(signal);
  await exited;
}
