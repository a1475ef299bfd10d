import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './data-dir.ts';

describe('dataDir', () => {
  const home = '/home/ada';

  it('is LLM_DATA_DIR when set', () => {
    expect(dataDir({ LLM_DATA_DIR: '/srv/llm' }, 'linux', home)).toBe('/srv/llm');
  });

  it("is each platform's per-user data folder otherwise", () => {
    expect(dataDir({}, 'linux', home)).toBe(join(home, '.local', 'share', 'llm'));
    expect(dataDir({ XDG_DATA_HOME: '/data' }, 'linux', home)).toBe(join('/data', 'llm'));
    // The XDG spec ignores a relative XDG_DATA_HOME.
    expect(dataDir({ XDG_DATA_HOME: 'data' }, 'linux', home)).toBe(
      join(home, '.local', 'share', 'llm'),
    );
    expect(dataDir({}, 'darwin', home)).toBe(join(home, 'Library', 'Application Support', 'llm'));
    expect(dataDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', home)).toBe(
      join('C:\\Users\\ada\\AppData\\Local', 'llm'),
    );
  });
});
