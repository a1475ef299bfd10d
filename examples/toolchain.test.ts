// The toolchain promises of the README: the tools run on the Node 24 of the
// `node` devDependency whatever Node starts pnpm, an install on an older Node
// prints no engine warnings, and CI finds the recorded fixtures without a
// path of one particular machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('toolchain', () => {
  it('checks engines against the Node the tools run on (pnpm nodeVersion = the node devDependency)', () => {
    const manifest = JSON.parse(read('package.json')) as {
      devDependencies: Record<string, string>;
    };
    const nodeVersion = /^nodeVersion:\s*(\S+)\s*$/m.exec(read('pnpm-workspace.yaml'))?.[1];
    expect(
      nodeVersion,
      'pnpm-workspace.yaml must set nodeVersion to the node devDependency, or every install on an older system Node warns about engines',
    ).toBe(manifest.devDependencies.node);
  });

  it('runs the tests on that Node', () => {
    const manifest = JSON.parse(read('package.json')) as {
      devDependencies: Record<string, string>;
    };
    expect(process.versions.node).toBe(manifest.devDependencies.node);
  });

  it('names no absolute path in .ci/run (the peers folder is LLM_PEERS_DIR or ../shared/peers)', () => {
    const script = read('.ci/run')
      .split('\n')
      .filter((line) => !line.startsWith('#!'))
      .join('\n');
    const absolute = [...script.matchAll(/(?<![\w.$}{)])\/[\w.-]+(?:\/[\w.-]+)+/g)]
      .map((match) => match[0])
      .filter((path) => path !== '/dev/null');
    expect(absolute).toEqual([]);
    expect(script).toContain('../shared/peers');
    expect(script).toContain('LLM_PEERS_DIR');
  });
});
