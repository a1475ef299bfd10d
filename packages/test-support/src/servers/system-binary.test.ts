import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireBinaries, systemBinary } from './system-binary.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('systemBinary', () => {
  it('finds a binary on PATH', () => {
    const sh = systemBinary('sh', 'dash');
    expect(sh.found).toBe(true);
    expect(sh.found && sh.path).toMatch(/\/sh$/);
  });

  it('says which Debian package to install when the binary is missing, and throws in CI', () => {
    vi.stubEnv('CI', '');
    expect(systemBinary('no-such-binary-llm', 'llm-tools')).toEqual({
      found: false,
      reason: "'no-such-binary-llm' is not installed (Debian: apt-get install -y llm-tools)",
    });
    vi.stubEnv('CI', 'true');
    expect(() => systemBinary('no-such-binary-llm', 'llm-tools')).toThrow(
      /This suite must run in CI, but 'no-such-binary-llm' is not installed/,
    );
  });
});

describe('requireBinaries', () => {
  it('passes when every binary is there, and names the missing ones (printed once) otherwise', () => {
    vi.stubEnv('CI', 'false');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireBinaries('suite', ['sh'], 'dash')).toBeUndefined();
    expect(requireBinaries('suite', ['sh', 'no-such-binary-llm'], 'llm-tools')).toBe(
      'suite: skipped, no-such-binary-llm not found (Debian: apt-get install -y llm-tools)',
    );
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
