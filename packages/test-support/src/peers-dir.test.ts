import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { peersDir, peersDirStatus } from './peers-dir.ts';

const scratch = mkdtempSync(join(tmpdir(), 'peers-dir-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('peersDirStatus', () => {
  it('uses LLM_PEERS_DIR, and says why when it has no fixtures folder', () => {
    vi.stubEnv('LLM_PEERS_DIR', scratch);
    expect(peersDir()).toBeUndefined();
    expect(peersDirStatus()).toEqual({
      found: false,
      reason: `LLM_PEERS_DIR is set to ${scratch}, which has no fixtures/ folder`,
    });
  });

  it('finds a folder with fixtures/ through LLM_PEERS_DIR', () => {
    const dir = join(scratch, 'peers');
    mkdirSync(join(dir, 'fixtures'), { recursive: true });
    vi.stubEnv('LLM_PEERS_DIR', dir);
    expect(peersDirStatus()).toEqual({ found: true, dir });
    expect(peersDir()).toBe(dir);
  });

  it('defaults to ../shared/peers from the repository root', () => {
    vi.stubEnv('LLM_PEERS_DIR', '');
    const status = peersDirStatus();
    const expected = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'peers');
    if (status.found) expect(status.dir).toBe(expected);
    else
      expect(status.reason).toBe(
        `LLM_PEERS_DIR is unset and the default ${expected} does not exist`,
      );
  });
});
