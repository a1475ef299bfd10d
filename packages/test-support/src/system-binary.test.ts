import { describe, expect, it, vi } from 'vitest';
import { systemBinary } from './system-binary.ts';

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
      reason:
        "'no-such-binary-llm' is not installed (Debian package llm-tools: apt-get install -y llm-tools)",
    });
    vi.stubEnv('CI', 'true');
    expect(() => systemBinary('no-such-binary-llm', 'llm-tools')).toThrow(
      /This suite must run in CI, but 'no-such-binary-llm' is not installed/,
    );
  });
});
