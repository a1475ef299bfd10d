// Every command line the docs show in a shell block works when copied as
// written, after the README's first line, on a machine with only Node and
// npm: each line runs here with a newcomer's environment (the system's Node
// and npm on PATH, none of pnpm's or Vitest's variables), or is one the test
// knows to be run elsewhere, and says where. npm install lines are checked
// against the packages: every tarball exists, comes with the @org packages it
// needs, and installs what the registry line will.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeOutcome,
  docCommands,
  installLineProblems,
  newcomerEnv,
  publishablePackages,
  readInstallLine,
  runShellLine,
  type DocCommand,
  type InstallLine,
} from '@org/llm-pack-check';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const publishable = publishablePackages(root);
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('docs', 'api') ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** README.md, every page under docs/ (not the generated API reference) and every package README. */
const pages = [
  'README.md',
  ...markdownFiles('docs'),
  ...readdirSync(join(root, 'packages'))
    .map((name) => join('packages', name, 'README.md'))
    .filter((path) => existsSync(join(root, path))),
];

/** The README's quick start, which `.ci/run` runs as written before any test. */
const quickStart = docCommands(read('README.md'))
  .filter((command) => command.heading === 'Quick start')
  .map((command) => command.command);

const pnpm = 'npx -y pnpm@12';

/** Lines a test here does not run, and where they are run (or why not). */
function elsewhere(command: string): string | undefined {
  if (quickStart.includes(command) || command === `${pnpm} install`)
    return "the README's quick start: .ci/run runs it as written, before the tests";
  if (command === `${pnpm} tarballs`)
    return "packages/pack-check's install test runs it, then installs the tarballs";
  if (command.startsWith(`${pnpm} bench -- --from=`))
    return 'it rewrites docs/benchmarks.md from saved results: `npx -y pnpm@12 --filter @org/llm-pack-check sizes` runs it';
  if (command.startsWith(`${pnpm} bench`))
    return 'the benchmark takes 3 to 10 minutes and is run by hand, never in CI';
  return undefined;
}

/** Lines that are not project code, and why no test here runs them. */
function notProjectCode(command: string): string | undefined {
  if (/^(sudo )?apt-get install /.test(command))
    return "Debian's package manager, as root: .ci/run installs the test servers (checked below)";
  if (command.startsWith('aws ')) return 'the AWS CLI, against an AWS account of your own';
  return undefined;
}

interface PageLine {
  readonly page: string;
  readonly command: DocCommand;
  readonly install: InstallLine | undefined;
}

const lines: PageLine[] = pages.flatMap((page) =>
  docCommands(read(page)).map((command) => ({
    page,
    command,
    install: readInstallLine(command, publishable),
  })),
);
const runnable = lines.filter(
  (line) =>
    line.install === undefined &&
    line.command.command.startsWith(`${pnpm} `) &&
    elsewhere(line.command.command) === undefined,
);
const name = (line: PageLine): string =>
  `${line.page}:${String(line.command.line)} \`${line.command.command}\``;

describe('the run lines of the docs', () => {
  it('are all of a kind this test knows', () => {
    const unknown = lines
      .filter(
        (line) =>
          line.install === undefined &&
          !line.command.command.startsWith(`${pnpm} `) &&
          notProjectCode(line.command.command) === undefined,
      )
      .map(name);
    expect(
      unknown,
      `Run project code through pnpm (\`${pnpm} exec node ...\` or a package script): a bare \`node\` or \`pnpm\` is not there on a machine with only Node and npm, or is too old. Teach this test any other kind of line.`,
    ).toEqual([]);
    expect(runnable.length).toBeGreaterThan(0);
  });

  it('that run elsewhere name scripts that exist, and the quick start is what .ci/run runs', () => {
    const ci = read('.ci/run');
    for (const command of quickStart) expect(ci).toContain(command);
    for (const line of lines.filter((entry) => elsewhere(entry.command.command) !== undefined)) {
      const script = line.command.command.slice(pnpm.length + 1).split(/\s|&&/)[0]!;
      if (script !== 'install' && script !== 'test') {
        expect(scripts[script], `${name(line)}: no root script "${script}"`).toBeDefined();
      }
      console.log(`Not run here: ${name(line)}: ${elsewhere(line.command.command)!}.`);
    }
  });

  it('that install Debian packages name only packages .ci/run installs', () => {
    const ci = read('.ci/run');
    const installed = /debian_packages=\(([^)]*)\)/.exec(ci)?.[1]?.split(/\s+/) ?? [];
    expect(installed.length).toBeGreaterThan(0);
    for (const line of lines.filter((entry) =>
      entry.command.command.includes('apt-get install '),
    )) {
      const wanted = line.command.command
        .replace(/^(sudo )?apt-get install /, '')
        .split(/\s+/)
        .filter((word) => word !== '' && !word.startsWith('-'));
      expect(installed, name(line)).toEqual(expect.arrayContaining(wanted));
      console.log(`Not run here: ${name(line)}: ${notProjectCode(line.command.command)!}.`);
    }
  });

  for (const line of runnable) {
    it(`${name(line)} runs on a machine with only Node and npm`, () => {
      const outcome = runShellLine(line.command.command, { cwd: root, env: newcomerEnv() });
      expect(outcome.status, describeOutcome(outcome)).toBe(0);
    }, 300_000);
  }
});

describe('the npm install lines of the docs', () => {
  const byPage = new Map<string, PageLine[]>();
  for (const line of lines.filter((entry) => entry.install !== undefined)) {
    byPage.set(line.page, [...(byPage.get(line.page) ?? []), line]);
  }

  it('are on every page that says how to install a package', () => {
    expect([...byPage.keys()].sort()).toEqual(
      expect.arrayContaining([
        'docs/getting-started.md',
        ...publishable.map((entry) => relative(root, join(entry.dir, 'README.md'))),
      ]),
    );
  });

  for (const [page, pageLines] of byPage) {
    it(`${page}: install from the tarballs today what the registry line will install`, () => {
      expect(
        installLineProblems(
          pageLines.map((line) => line.install!),
          publishable,
        ),
      ).toEqual([]);
      expect(pageLines.some((line) => line.install!.tarballPackages.length > 0)).toBe(true);
    });
  }
});

describe('installLineProblems', () => {
  const installs = (...commands: string[]): InstallLine[] =>
    commands.map((command, index) =>
      readInstallLine({ command, line: index + 1, block: 0, heading: 'Install' }, publishable)!,
    );

  it('accepts a tarball with the @org packages it depends on, and the matching registry line', () => {
    expect(
      installLineProblems(
        installs(
          'npm install ../llm/tarballs/org-llm-openai-http.tgz ../llm/tarballs/org-llm-openai-compat.tgz ../llm/tarballs/org-llm-core.tgz zod',
          'npm install @org/llm-openai-http @org/llm-core zod',
        ),
        publishable,
      ),
    ).toEqual([]);
  });

  it('names a missing dependency, a missing peer, an unknown tarball and a registry mismatch', () => {
    expect(
      installLineProblems(
        installs(
          'npm install ../llm/tarballs/org-llm-openai-http.tgz ../llm/tarballs/org-llm-core.tgz',
          'npm install ../llm/tarballs/org-llm-nope.tgz',
          'npm install @org/llm-openai-http zod',
        ),
        publishable,
      ),
    ).toEqual([
      'line 1 (`npm install ../llm/tarballs/org-llm-openai-http.tgz ../llm/tarballs/org-llm-core.tgz`): @org/llm-openai-http needs @org/llm-openai-compat; add ../llm/tarballs/org-llm-openai-compat.tgz to this line or an earlier one, or npm looks for @org/llm-openai-compat on the registry',
      'line 2 (`npm install ../llm/tarballs/org-llm-nope.tgz`): ../llm/tarballs/org-llm-nope.tgz is not a tarball of a publishable package (they are ../llm/tarballs/<name>.tgz, e.g. ../llm/tarballs/org-llm-core.tgz)',
      '@org/llm-openai-http needs its peer dependency zod, which no install line of the page installs',
      '@org/llm-core needs its peer dependency zod, which no install line of the page installs',
      'the install lines from tarballs (@org/llm-core, @org/llm-openai-http) and from the registry (@org/llm-core, @org/llm-openai-compat, @org/llm-openai-http, zod, with the @org packages they pull in) do not install the same packages',
    ]);
  });
});
