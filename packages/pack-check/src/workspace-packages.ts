import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of a package.json this package reads. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly exports?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** One package of the workspace. */
export interface WorkspacePackage {
  /** Its name (`@org/llm-core`). */
  readonly name: string;
  /** Its folder, absolute. */
  readonly dir: string;
  /** Its package.json. */
  readonly manifest: PackageManifest;
}

/** The `packages:` globs of pnpm-workspace.yaml (a plain list, as pnpm reads it). */
export function workspaceGlobs(workspaceYaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of workspaceYaml.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s+['"]?([^'"#\s]+)['"]?\s*(#.*)?$/.exec(line);
    if (item !== null) globs.push(item[1]!);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

/** Every package of the workspace at `root`, sorted by name. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const globs = workspaceGlobs(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const manifests = globs.flatMap((glob) =>
    globSync(`${glob}/package.json`, {
      cwd: root,
      exclude: (path) => path.includes('node_modules'),
    }),
  );
  return [...new Set(manifests)]
    .map((path) => {
      const manifest = JSON.parse(readFileSync(join(root, path), 'utf8')) as PackageManifest;
      return { name: manifest.name, dir: join(root, dirname(path)), manifest };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The packages meant for the registry: every workspace package that is not
 * `"private": true`. A new package joins the tarballs, the install test and
 * the size report by being public; nothing lists packages by hand.
 */
export function publishablePackages(root: string): WorkspacePackage[] {
  return workspacePackages(root).filter((entry) => entry.manifest.private !== true);
}

/** The file name `pnpm pack --out '%s.tgz'` gives a package: `@org/llm-core` → `org-llm-core.tgz`. */
export function tarballFileName(name: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}.tgz`;
}

/**
 * The workspace packages `names` need at run time, `names` included: their
 * dependencies and optional dependencies that are workspace packages, followed
 * transitively (peer dependencies are the user's to install).
 */
export function workspaceClosure(
  names: Iterable<string>,
  packages: readonly WorkspacePackage[],
): Set<string> {
  const byName = new Map(packages.map((entry) => [entry.name, entry]));
  const closure = new Set<string>();
  const visit = (name: string): void => {
    if (closure.has(name)) return;
    closure.add(name);
    const manifest = byName.get(name)?.manifest;
    for (const dep of Object.keys({
      ...manifest?.dependencies,
      ...manifest?.optionalDependencies,
    })) {
      if (byName.has(dep)) visit(dep);
    }
  };
  for (const name of names) visit(name);
  return closure;
}
