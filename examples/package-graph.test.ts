// docs/architecture/packages.md says what the package.json files say, and the
// packages keep the dependency rules the page (and DESIGN.md) states.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  expectedPackageGraphPage,
  layers,
  packageGraphPage,
  readPackages,
  renderPackageGraph,
  type PackageNode,
} from './package-graph.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = readPackages(root);
const published = packages.filter((entry) => entry.published);
const byName = new Map(packages.map((entry) => [entry.name, entry]));

/** Every workspace package `name` needs at run time, itself excluded. */
function runtimeClosure(name: string, seen = new Set<string>()): Set<string> {
  const entry = byName.get(name)!;
  for (const dep of [...entry.uses, ...entry.peers]) {
    if (!seen.has(dep)) {
      seen.add(dep);
      runtimeClosure(dep, seen);
    }
  }
  return seen;
}

const adapters = ['@org/llm-openai-http', '@org/llm-openai', '@org/llm-anthropic'];
/** Packages that only one published package may install, and which one. */
const soleOwners: Record<string, string> = {
  openai: '@org/llm-openai',
  '@anthropic-ai/sdk': '@org/llm-anthropic',
  cockatiel: '@org/llm-resilience',
};

describe('the package graph page', () => {
  it(`${packageGraphPage} matches the package.json files`, async () => {
    const committed = readFileSync(join(root, packageGraphPage), 'utf8');
    expect(
      committed === (await expectedPackageGraphPage(root)),
      `${packageGraphPage} is out of date: run \`npx -y pnpm@12 docs:graph\` and commit the page.`,
    ).toBe(true);
  }, 30_000);

  it('lists every workspace package', () => {
    const page = readFileSync(join(root, packageGraphPage), 'utf8');
    for (const entry of packages) expect(page).toContain(`[\`${entry.name}\`](../../`);
  });
});

describe('the dependency rules', () => {
  it('point toward core: every published package needs @org/llm-core, and there is no cycle', () => {
    const layer = layers(packages);
    expect(layer.get('@org/llm-core')).toBe(0);
    const withoutCore = published
      .filter((entry) => entry.name !== '@org/llm-core')
      .filter((entry) => !runtimeClosure(entry.name).has('@org/llm-core'))
      .map((entry) => entry.name);
    expect(withoutCore).toEqual([]);
  });

  it('adapters never use each other', () => {
    for (const adapter of adapters) {
      const others = adapters.filter((name) => name !== adapter);
      expect([...runtimeClosure(adapter)].filter((name) => others.includes(name))).toEqual([]);
    }
  });

  it('a vendor SDK, and cockatiel, is installed by exactly one published package', () => {
    for (const [dependency, owner] of Object.entries(soleOwners)) {
      const installers = published
        .filter((entry) => entry.external.includes(dependency))
        .map((entry) => entry.name);
      expect(installers, dependency).toEqual([owner]);
    }
  });

  it('a published package needs only published packages', () => {
    const needsInternal = published.flatMap((entry) =>
      [...entry.uses, ...entry.peers]
        .filter((dep) => byName.get(dep)?.published !== true)
        .map((dep) => `${entry.name} needs ${dep}`),
    );
    expect(needsInternal).toEqual([]);
  });
});

describe('renderPackageGraph and layers', () => {
  const node = (name: string, fields: Partial<PackageNode> = {}): PackageNode => ({
    name,
    folder: `packages/${name.slice('@org/'.length)}`,
    description: `What ${name} | is for.`,
    published: true,
    uses: [],
    peers: [],
    devUses: [],
    external: [],
    externalPeers: [],
    ...fields,
  });
  const core = node('@org/core', { external: ['ts-pattern'], externalPeers: ['zod'] });
  const adapter = node('@org/adapter', { uses: ['@org/core'], external: ['sdk'] });
  const app = node('@org/app', { uses: ['@org/adapter', '@org/core'] });
  const plugin = node('@org/plugin', { peers: ['@org/core'], externalPeers: ['otel (optional)'] });
  const tool = node('@org/tool', { published: false, devUses: ['@org/app'] });

  it('draws published packages, arrows to what they use (dotted to peers), minus implied ones', () => {
    const text = renderPackageGraph([tool, plugin, app, adapter, core]);
    expect(text.slice(0, text.indexOf('```\n') + 3)).toBe(
      [
        '```mermaid',
        'flowchart TD',
        '  app["@org/app"]',
        '  plugin["@org/plugin"]',
        '  adapter["@org/adapter<br/>sdk"]',
        '  core["@org/core<br/>ts-pattern"]',
        // app --> core is implied by app --> adapter --> core.
        '  app --> adapter',
        '  plugin -.-> core',
        '  adapter --> core',
        '```',
      ].join('\n'),
    );
  });

  it('lists published packages from the bottom up, then internal ones', () => {
    const rows = renderPackageGraph([tool, plugin, app, adapter, core])
      .split('\n')
      .filter((line) => line.startsWith('| ['));
    expect(rows).toEqual([
      '| [`@org/core`](../../packages/core/) | What @org/core \\| is for. |  | `ts-pattern` | `zod` |',
      '| [`@org/adapter`](../../packages/adapter/) | What @org/adapter \\| is for. | `@org/core` | `sdk` |  |',
      '| [`@org/plugin`](../../packages/plugin/) | What @org/plugin \\| is for. | `@org/core` |  | `otel` (optional) |',
      '| [`@org/app`](../../packages/app/) | What @org/app \\| is for. | `@org/adapter`, `@org/core` |  |  |',
      '| [`@org/tool`](../../packages/tool/) | What @org/tool \\| is for. | `@org/app` |',
    ]);
  });

  it('names a dependency cycle', () => {
    expect(() =>
      layers([node('@org/a', { uses: ['@org/b'] }), node('@org/b', { uses: ['@org/a'] })]),
    ).toThrow('Dependency cycle: @org/a -> @org/b -> @org/a');
  });
});
