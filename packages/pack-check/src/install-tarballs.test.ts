// The packages install the way users install libraries: the docs' lines
// build one tarball per publishable package and install them with plain npm
// into a fresh project outside the workspace, on the tools' Node; there, an
// ESM program runs core, an adapter and the resilience package against the
// test kit's fake server, a TypeScript file type-checks against the installed
// declarations, and each package's installed size is what docs/benchmarks.md says.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCommands } from './doc-commands.ts';
import { createFreshProject, type FreshProject } from './fresh-project.ts';
import { readInstallSizeReport, renderInstallSizeSection } from './install-size-report.ts';
import { readInstallLine, tarballsFromProject } from './install-lines.ts';
import { measureInstallSizes, sharedPeers } from './measure-install-sizes.ts';
import { describeOutcome, newcomerEnv, runShellLine } from './newcomer-env.ts';
import { readTarballIndex, type PackedTarball } from './pack-tarballs.ts';
import { publishablePackages, tarballFileName } from './workspace-packages.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const publishable = publishablePackages(root);
const rootManifest = JSON.parse(read('package.json')) as {
  devDependencies: Record<string, string>;
};

/** The commands of docs/getting-started.md's Install section. */
const gettingStarted = docCommands(read('docs/getting-started.md')).filter(
  (command) => command.heading === 'Install',
);
const cloneLine = 'npx -y pnpm@12 tarballs';
const projectLines = gettingStarted.filter(
  (command) => (readInstallLine(command, publishable)?.tarballPackages.length ?? 0) > 0,
);

/** Files a tarball must not hold: tests, test helpers, examples, benchmarks, fixtures. */
const notForUsers =
  /(^|\/)(test-support|examples|__tests__|fixtures|bench)\/|\.(test|test-d|bench)\.[cm]?[jt]s$/;

/** Every file path an `exports` map points to. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

let project: FreshProject;
let packed: PackedTarball[];

beforeAll(() => {
  // The docs' line, as a newcomer types it in the clone (after the README's install).
  expect(gettingStarted.map((command) => command.command)).toContain(cloneLine);
  const clone = runShellLine(cloneLine, { cwd: root, env: newcomerEnv(), timeoutMs: 600_000 });
  expect(clone.status, describeOutcome(clone)).toBe(0);
  packed = readTarballIndex(join(root, 'tarballs'));
  project = createFreshProject(root);
}, 660_000);
afterAll(() => {
  project[Symbol.dispose]();
});

describe('the tarballs', () => {
  it('are one per publishable package (every workspace package that is not private)', () => {
    expect(packed.map((tarball) => tarball.name)).toEqual(publishable.map((entry) => entry.name));
    for (const tarball of packed) {
      expect(tarball.file).toBe(join(root, 'tarballs', tarballFileName(tarball.name)));
    }
  });

  it('hold no tests, test helpers, examples or benchmarks, and every file their exports name', () => {
    for (const tarball of packed) {
      expect(
        tarball.files.filter((file) => notForUsers.test(file)),
        tarball.name,
      ).toEqual([]);
      const manifest = publishable.find((entry) => entry.name === tarball.name)!.manifest;
      const targets = exportTargets(manifest.exports).map((target) => target.replace(/^\.\//, ''));
      expect(
        targets.filter((target) => !tarball.files.includes(target)),
        `${tarball.name}: exports that point to files the tarball lacks`,
      ).toEqual([]);
    }
  });
});

describe('installed with npm into a fresh project, as the docs say', () => {
  beforeAll(() => {
    expect(
      projectLines.length,
      'docs/getting-started.md has no tarball install line',
    ).toBeGreaterThan(0);
    for (const { command } of projectLines) {
      const outcome = project.run(command);
      expect(outcome.status, describeOutcome(outcome)).toBe(0);
    }
    // The rest of the packages, and TypeScript for the type check, in one more install.
    const installed = new Set(
      projectLines.flatMap((line) => readInstallLine(line, publishable)!.tarballPackages),
    );
    const rest = packed
      .filter((tarball) => !installed.has(tarball.name))
      .map((tarball) => `${tarballsFromProject}/${tarballFileName(tarball.name)}`);
    const tools = ['typescript', '@types/node'].map(
      (name) => `${name}@${rootManifest.devDependencies[name]!}`,
    );
    const outcome = project.run(['npm install', ...rest, ...tools].join(' '));
    expect(outcome.status, describeOutcome(outcome)).toBe(0);
    for (const file of ['main.js', 'check-types.ts']) {
      copyFileSync(join(import.meta.dirname, '..', 'app', file), join(project.dir, file));
    }
    copyFileSync(
      join(import.meta.dirname, '..', 'app', 'project-tsconfig.json'),
      join(project.dir, 'tsconfig.json'),
    );
  }, 600_000);

  it('has real versions where the workspace has workspace:^', () => {
    for (const tarball of packed) {
      const manifest = JSON.parse(
        readFileSync(join(project.dir, 'node_modules', tarball.name, 'package.json'), 'utf8'),
      ) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
          expect(range, `${tarball.name} ${field}.${dep}`).not.toMatch(/^workspace:/);
          const sibling = packed.find((entry) => entry.name === dep);
          if (sibling !== undefined) expect(range).toBe(`^${sibling.version}`);
        }
      }
    }
  });

  it('runs an ESM program with core, an adapter and resilience against the fake server', () => {
    const outcome = project.run('node main.js');
    expect(outcome.status, describeOutcome(outcome)).toBe(0);
    const seen = JSON.parse(outcome.stdout) as {
      text: string;
      outputTokens: number;
      requests: number;
      sentModel: string;
      node: string;
      resolved: string[];
    };
    expect(seen).toMatchObject({
      text: 'Hello from the tarballs.',
      outputTokens: 5,
      requests: 2, // the 429, then the retry
      sentModel: 'gpt-4o-mini',
      node: process.version, // the tools' Node 24, not the system's
    });
    // The built JavaScript of the installed packages, not the workspace's sources.
    for (const url of seen.resolved) {
      expect(fileURLToPath(url)).toMatch(
        /[/\\]my-app[/\\]node_modules[/\\]@org[/\\].+[/\\]dist[/\\]/,
      );
    }
  }, 60_000);

  it('type-checks a TypeScript file against the installed declarations', () => {
    // skipLibCheck as most projects set it (tsc --init does): the file's uses of the
    // declarations are checked; publint and attw check the declarations themselves.
    const outcome = project.run('node node_modules/typescript/bin/tsc -p tsconfig.json');
    expect(outcome.status, describeOutcome(outcome)).toBe(0);
  }, 120_000);

  it('adds to node_modules what docs/benchmarks.md reports, within 30%', () => {
    const npm = project.run('npm --version').stdout.trim();
    const measured = measureInstallSizes(project.dir, packed, { node: process.versions.node, npm });
    const report = readInstallSizeReport();
    const refresh =
      'refresh the report with `npx -y pnpm@12 --filter @org/llm-pack-check sizes` (it rewrites packages/pack-check/results/install-sizes.json and docs/benchmarks.md)';
    expect(report, `no install-size report: ${refresh}`).toBeDefined();
    for (const entry of measured.entries.filter((candidate) => candidate.kind === 'ours')) {
      const recorded = report!.entries.find((candidate) => candidate.name === entry.name);
      expect(recorded, `${entry.name} is missing from the report: ${refresh}`).toBeDefined();
      const ratio = entry.ownBytes / recorded!.ownBytes;
      expect(
        ratio > 0.7 && ratio < 1.3,
        `${entry.name} installs ${String(entry.ownBytes)} bytes, the report says ${String(recorded!.ownBytes)}: ${refresh}`,
      ).toBe(true);
    }
    expect(measured.entries.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['openai', '@anthropic-ai/sdk', ...sharedPeers]),
    );
    // The page shows the report as it is (Prettier pads the table; layout aside).
    const layoutFree = (text: string): string => text.replace(/-+/g, '-').replace(/[ \t]+/g, ' ');
    expect(layoutFree(read('docs/benchmarks.md'))).toContain(
      layoutFree(renderInstallSizeSection(report!)),
    );
  }, 60_000);
});
