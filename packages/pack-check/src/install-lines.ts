import type { DocCommand } from './doc-commands.ts';
import { tarballFileName, workspaceClosure, type WorkspacePackage } from './workspace-packages.ts';

/**
 * Where the docs' install lines find the tarballs: the project and a clone of
 * this repository (named `llm`) side by side, the tarballs written by
 * `npx -y pnpm@12 tarballs` into the clone's `tarballs/` folder.
 */
export const tarballsFromProject = '../llm/tarballs';

/** An `npm install` line of the docs, read. */
export interface InstallLine {
  readonly command: DocCommand;
  /** `--save-dev` (or `-D`). */
  readonly dev: boolean;
  /** Packages installed from tarballs, by package name. */
  readonly tarballPackages: readonly string[];
  /** Tarball paths that name no publishable package. */
  readonly unknownTarballs: readonly string[];
  /** Packages from the registry (`zod`, `@org/llm-core`), version ranges dropped. */
  readonly registryPackages: readonly string[];
}

/** The package name of a registry spec (`zod@^4` → `zod`, `@org/x@1` → `@org/x`). */
function specName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

/** Reads `npm install …` / `npm i …`; `undefined` for any other command. */
export function readInstallLine(
  command: DocCommand,
  publishable: readonly WorkspacePackage[],
): InstallLine | undefined {
  const words = command.command.split(/\s+/);
  if (words[0] !== 'npm' || !['install', 'i', 'add'].includes(words[1] ?? '')) return undefined;
  const byFile = new Map(publishable.map((entry) => [tarballFileName(entry.name), entry.name]));
  const args = words.slice(2);
  const tarballs = args.filter((arg) => arg.endsWith('.tgz'));
  const tarballPackages: string[] = [];
  const unknownTarballs: string[] = [];
  for (const path of tarballs) {
    const name = path.startsWith(`${tarballsFromProject}/`)
      ? byFile.get(path.slice(tarballsFromProject.length + 1))
      : undefined;
    if (name === undefined) unknownTarballs.push(path);
    else tarballPackages.push(name);
  }
  return {
    command,
    dev: args.includes('--save-dev') || args.includes('-D'),
    tarballPackages,
    unknownTarballs,
    registryPackages: args
      .filter((arg) => !arg.startsWith('-') && !arg.endsWith('.tgz'))
      .map(specName),
  };
}

/**
 * What would go wrong with the install lines of one page, run in order in a
 * fresh project: tarballs that do not exist, a tarball whose workspace
 * dependencies are not installed by then (npm would look for them on the
 * registry), a required peer dependency (zod) never installed, and a
 * registry line that does not install what the tarball lines install.
 */
export function installLineProblems(
  lines: readonly InstallLine[],
  publishable: readonly WorkspacePackage[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(publishable.map((entry) => [entry.name, entry]));
  const where = (line: InstallLine): string =>
    `line ${String(line.command.line)} (\`${line.command.command}\`)`;
  const fromTarballs = lines.filter(
    (line) => line.tarballPackages.length > 0 || line.unknownTarballs.length > 0,
  );
  const fromRegistry = lines.filter(
    (line) => line.tarballPackages.length === 0 && line.unknownTarballs.length === 0,
  );

  const installed = new Set<string>();
  for (const line of fromTarballs) {
    for (const path of line.unknownTarballs) {
      problems.push(
        `${where(line)}: ${path} is not a tarball of a publishable package (they are ${tarballsFromProject}/<name>.tgz, e.g. ${tarballsFromProject}/${tarballFileName('@org/llm-core')})`,
      );
    }
    const now = new Set([...installed, ...line.tarballPackages, ...line.registryPackages]);
    for (const name of line.tarballPackages) {
      for (const needed of workspaceClosure([name], publishable)) {
        if (!now.has(needed)) {
          problems.push(
            `${where(line)}: ${name} needs ${needed}; add ${tarballsFromProject}/${tarballFileName(needed)} to this line or an earlier one, or npm looks for ${needed} on the registry`,
          );
        }
      }
    }
    for (const name of now) installed.add(name);
  }
  for (const name of [...installed]) {
    const manifest = byName.get(name)?.manifest;
    for (const peer of Object.keys(manifest?.peerDependencies ?? {})) {
      if (manifest?.peerDependenciesMeta?.[peer]?.optional === true) continue;
      if (!installed.has(peer)) {
        problems.push(
          `${name} needs its peer dependency ${peer}, which no install line of the page installs`,
        );
      }
    }
  }

  if (fromTarballs.length > 0 || fromRegistry.length > 0) {
    const today = new Set(
      fromTarballs.flatMap((line) => [...line.tarballPackages, ...line.registryPackages]),
    );
    const registryNames = fromRegistry.flatMap((line) => line.registryPackages);
    const published = new Set([
      ...workspaceClosure(
        registryNames.filter((name) => byName.has(name)),
        publishable,
      ),
      ...registryNames.filter((name) => !byName.has(name)),
    ]);
    for (const name of registryNames) {
      if (name.startsWith('@org/') && !byName.has(name))
        problems.push(`${name} in a registry install line is not a publishable package`);
    }
    const same = today.size === published.size && [...today].every((name) => published.has(name));
    if (!same) {
      problems.push(
        `the install lines from tarballs (${[...today].sort().join(', ') || 'none'}) and from the registry (${[...published].sort().join(', ') || 'none'}, with the @org packages they pull in) do not install the same packages`,
      );
    }
  }
  return problems;
}
