// Real Redis and PostgreSQL servers for the tests, each on a free port of
// 127.0.0.1 in a temporary folder, and how to stop them. A missing binary
// gives the reason the suites that need it print when they skip; in CI it
// throws instead, since .ci/run installs the Debian packages (redis-server,
// redis-tools, postgresql, openssl).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild, waitForOutput } from './child-process.ts';
import { findBinary, notInstalled } from './system-binary.ts';

/** A running server, or why there is none. */
export type Started<T> =
  { readonly ok: true; readonly server: T } | { readonly ok: false; readonly reason: string };

/** A server process and how to stop it. */
export interface RunningServer {
  readonly stop: () => Promise<void>;
}

export interface RedisServer extends RunningServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
}

export interface SecureRedisServer extends RunningServer {
  /** `rediss://:<password>@127.0.0.1:<port>` */
  readonly url: string;
  /** The self-signed CA (the server's own certificate) to trust. */
  readonly ca: string;
  readonly password: string;
}

export interface RedisClusterServer extends RunningServer {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
}

export interface PostgresServer extends RunningServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
}

/** Directories that hold PostgreSQL's server binaries on Debian (`/usr/lib/postgresql/<version>/bin`), newest first. */
function postgresDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

/** A stop function: the process first, then `cleanup`. */
function stopper(
  child: ChildProcess,
  signal: NodeJS.Signals,
  cleanup: () => void,
): () => Promise<void> {
  return async () => {
    await stopChild(child, signal);
    cleanup();
  };
}

/** Why a server cannot start (thrown in CI, where .ci/run installs every binary). */
function unavailable(what: string, debianPackages: string): { ok: false; reason: string } {
  return { ok: false, reason: notInstalled(what, debianPackages) };
}

/** The server a test needs: `started`'s, or an error giving the reason there is none. */
export function mustStart<T>(started: Started<T>): T {
  if (!started.ok) throw new Error(started.reason);
  return started.server;
}

const redisArgs = (port: number, dir: string): string[] => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--dir',
  dir,
  '--save',
  '',
  '--appendonly',
  'no',
];

/** A standalone `redis-server`. */
export async function startRedis(): Promise<Started<RedisServer>> {
  const binary = findBinary('redis-server');
  if (binary === undefined) return unavailable('redis-server is not installed', 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'llm-test-redis-'));
  const port = await freePort();
  const child = spawn(binary, redisArgs(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForOutput(child, /Ready to accept connections/, 'redis-server');
  return {
    ok: true,
    server: {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: stopper(child, 'SIGTERM', () => {
        rmSync(dir, { recursive: true, force: true });
      }),
    },
  };
}

/** A `redis-server` that wants a password and speaks TLS only, with a self-signed certificate for 127.0.0.1. */
export async function startSecureRedis(): Promise<Started<SecureRedisServer>> {
  const binary = findBinary('redis-server');
  if (binary === undefined) return unavailable('redis-server is not installed', 'redis-server');
  const openssl = findBinary('openssl');
  if (openssl === undefined) return unavailable('openssl is not installed', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'llm-test-redis-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const password = 'test-password-with-#-and-@';
  const child = spawn(
    binary,
    [
      ...redisArgs(0, dir),
      '--tls-port',
      String(port),
      '--tls-cert-file',
      cert,
      '--tls-key-file',
      key,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      password,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(child, /Ready to accept connections/, 'redis-server (TLS)');
  return {
    ok: true,
    server: {
      url: `rediss://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
      ca: readFileSync(cert, 'utf8'),
      password,
      stop: stopper(child, 'SIGTERM', () => {
        rmSync(dir, { recursive: true, force: true });
      }),
    },
  };
}

/** A Redis Cluster of three masters (no replicas), every slot assigned. */
export async function startRedisCluster(): Promise<Started<RedisClusterServer>> {
  const binary = findBinary('redis-server');
  const cli = findBinary('redis-cli');
  if (binary === undefined || cli === undefined) {
    return unavailable('redis-server or redis-cli is not installed', 'redis-server redis-tools');
  }
  const dir = mkdtempSync(join(tmpdir(), 'llm-test-redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < 3; index++) {
      let port = await freePort(true);
      while (ports.includes(port)) port = await freePort(true);
      ports.push(port);
      const child = spawn(
        binary,
        [
          ...redisArgs(port, dir),
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '5000',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      await waitForOutput(
        child,
        /Ready to accept connections/,
        `redis-server (cluster node ${port})`,
      );
    }
    execFileSync(
      cli,
      [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { stdio: 'ignore' },
    );
    // The nodes agree on the slots through their gossip bus: wait until every node says the cluster is ok.
    for (const port of ports) {
      for (let attempt = 0; ; attempt++) {
        const info = execFileSync(cli, ['-p', String(port), 'cluster', 'info'], {
          encoding: 'utf8',
        });
        if (info.includes('cluster_state:ok')) break;
        if (attempt > 1200) throw new Error(`The Redis Cluster did not become ready:\n${info}`);
        await new Promise((resolve) => {
          setTimeout(resolve, 50);
        });
      }
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    ok: true,
    server: { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), stop: stopAll },
  };
}

/** uid and gid of the `postgres` user (Debian's package creates it), else of `nobody`. */
function unprivilegedUser(): { uid: number; gid: number; name: string } {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((entry) => entry.startsWith(`${name}:`));
    if (line !== undefined) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid), name };
    }
  }
  throw new Error(
    'PostgreSQL refuses to run as root, and there is neither a postgres nor a nobody user to run it as.',
  );
}

/**
 * A PostgreSQL server: `initdb` into a temporary folder, then `postgres` on
 * a free port, listening on 127.0.0.1 only, trusting local connections.
 * PostgreSQL refuses to run as root: as root (CI), both run as the
 * `postgres` user that Debian's package creates (or `nobody`).
 */
export async function startPostgres(): Promise<Started<PostgresServer>> {
  const dirs = postgresDirs();
  const initdb = findBinary('initdb', dirs);
  const postgres = findBinary('postgres', dirs);
  if (initdb === undefined || postgres === undefined) {
    return unavailable('PostgreSQL (initdb, postgres) is not installed', 'postgresql');
  }
  const dir = mkdtempSync(join(tmpdir(), 'llm-test-postgres-'));
  const data = join(dir, 'data');
  const asUser = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  if (asUser !== undefined) chownSync(dir, asUser.uid, asUser.gid);
  const spawnOptions = asUser === undefined ? {} : { uid: asUser.uid, gid: asUser.gid };
  execFileSync(
    initdb,
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    {
      stdio: 'ignore',
      cwd: dir,
      ...spawnOptions,
    },
  );
  const port = await freePort();
  const child = spawn(
    postgres,
    [
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...spawnOptions },
  );
  await waitForOutput(child, /database system is ready to accept connections/, 'postgres');
  return {
    ok: true,
    server: {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      // SIGINT is PostgreSQL's fast shutdown.
      stop: stopper(child, 'SIGINT', () => {
        rmSync(dir, { recursive: true, force: true });
      }),
    },
  };
}
