import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the recorded provider responses are, or why they are not available. */
export type PeersDirStatus =
  | { readonly found: true; readonly dir: string }
  | { readonly found: false; readonly reason: string };

function findRepositoryRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Locates the peers folder (recorded provider responses and specs): the
 * `LLM_PEERS_DIR` environment variable when set, else `../shared/peers`
 * resolved from the repository root. Says why when it is missing, so suites
 * that need it can print why they skip.
 */
export function peersDirStatus(): PeersDirStatus {
  const fromEnv = process.env.LLM_PEERS_DIR;
  if (fromEnv !== undefined && fromEnv !== '') {
    const dir = resolve(fromEnv);
    return existsSync(join(dir, 'fixtures'))
      ? { found: true, dir }
      : { found: false, reason: `LLM_PEERS_DIR is set to ${dir}, which has no fixtures/ folder` };
  }
  const root = findRepositoryRoot(import.meta.dirname);
  if (root === undefined) {
    return {
      found: false,
      reason:
        'LLM_PEERS_DIR is unset and no repository root (a folder with pnpm-workspace.yaml) was found',
    };
  }
  const dir = resolve(root, '..', 'shared', 'peers');
  return existsSync(join(dir, 'fixtures'))
    ? { found: true, dir }
    : { found: false, reason: `LLM_PEERS_DIR is unset and the default ${dir} does not exist` };
}

/**
 * The peers folder (`LLM_PEERS_DIR`, default `../shared/peers` from the
 * repository root), or `undefined` when it is absent; see
 * {@link peersDirStatus} for the reason.
 */
export function peersDir(): string | undefined {
  const status = peersDirStatus();
  return status.found ? status.dir : undefined;
}
