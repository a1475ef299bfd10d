import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@org/llm-test-support';

/** A real tinyproxy on 127.0.0.1, with its log. */
export interface Tinyproxy extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** Everything tinyproxy has logged so far. */
  readonly log: () => string;
  /** The `CONNECT host:port` requests the proxy has logged. */
  readonly connects: () => string[];
  /** Resolves once the log holds `count` CONNECT lines (tinyproxy logs a request before it connects upstream). */
  readonly waitForConnects: (count: number) => Promise<void>;
  /** Stops the proxy (its port then refuses connections). */
  readonly stop: () => Promise<void>;
}

const connectLine = /Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g;

/**
 * Starts `tinyproxy` in the foreground on a free port of 127.0.0.1, logging
 * to its stderr (read here), optionally with Basic authentication. CONNECT
 * is allowed to every port (no `ConnectPort` line), as the fake server
 * listens on a random one.
 */
export async function startTinyproxy(
  binary: string,
  options: { readonly user?: string; readonly password?: string } = {},
): Promise<Tinyproxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'llm-tinyproxy-'));
  const config = join(dir, 'tinyproxy.conf');
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
  ];
  if (options.user !== undefined) lines.push(`BasicAuth ${options.user} ${options.password ?? ''}`);
  writeFileSync(config, `${lines.join('\n')}\n`);

  let output = '';
  const listeners = new Set<() => void>();
  const child: ChildProcess = spawn(binary, ['-d', '-c', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });

  const waitFor = (ready: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (ready()) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`tinyproxy: timed out waiting for ${what}; its log:\n${output}`));
      }, 10_000);
      const check = (): void => {
        if (!ready()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      void exited.then(() => {
        if (listeners.delete(check)) {
          clearTimeout(timer);
          reject(new Error(`tinyproxy exited while waiting for ${what}; its log:\n${output}`));
        }
      });
    });

  await waitFor(() => output.includes('Accepting connections'), 'it to listen');
  const connects = (): string[] => [...output.matchAll(connectLine)].map((match) => match[1]!);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    })());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => output,
    connects,
    waitForConnects: (count) =>
      waitFor(() => connects().length >= count, `${count} CONNECT lines in its log`),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
