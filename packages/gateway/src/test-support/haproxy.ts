import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, stopChild } from '@org/llm-test-support';

/** An HAProxy this test started, balancing round robin over `backends`. */
export interface TestHaproxy extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * Starts HAProxy on a free port in front of `backends` (`127.0.0.1:port`
 * each), round robin per HTTP request, and resolves once it accepts
 * connections.
 */
export async function startHaproxy(backends: readonly number[]): Promise<TestHaproxy> {
  const binary = findBinary('haproxy');
  if (binary === undefined)
    throw new Error('haproxy is not installed (apt-get install -y haproxy).');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gateway-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 512',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      'frontend gateway',
      `  bind 127.0.0.1:${port}`,
      '  default_backend gateways',
      'backend gateways',
      '  balance roundrobin',
      ...backends.map((backend, index) => `  server gateway${index + 1} 127.0.0.1:${backend}`),
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-f', config, '-db'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`haproxy exited (code ${String(code)}) before accepting connections.`));
    });
  });
  // Readiness: the port accepts a connection (checked again until it does).
  for (let attempt = 0; !(await Promise.race([accepts(port), exited])); attempt++) {
    if (attempt > 200) throw new Error('haproxy did not accept connections.');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  exited.catch(() => undefined);
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}`, stop, [Symbol.asyncDispose]: stop };
}
