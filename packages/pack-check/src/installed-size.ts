import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bytes of every file under `dir` (apparent size, as npm's "unpacked size"), its node_modules left out. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules holding it. */
function installedDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The size of an installed package, and with everything it brings. */
export interface InstalledSize {
  /** The installed version. */
  readonly version: string;
  /** Bytes of the package's own files. */
  readonly own: number;
  /** Bytes of the package and its dependencies, followed transitively (peers are left out). */
  readonly withDependencies: number;
  /** The dependencies counted, with their versions (`undici@8.13.1`). */
  readonly dependencies: readonly string[];
}

/** Measures the package `name` as installed in the project at `projectDir`. */
export function installedSize(projectDir: string, name: string): InstalledSize {
  const top = installedDir(name, projectDir);
  if (top === undefined) throw new Error(`${name} is not installed in ${projectDir}`);
  const seen = new Map<string, string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    seen.set(dir, `${manifest.name}@${manifest.version}`);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = installedDir(dep, dir);
      if (found !== undefined) visit(found);
    }
  };
  visit(top);
  const version = seen.get(top)!.slice(seen.get(top)!.lastIndexOf('@') + 1);
  let withDependencies = 0;
  for (const dir of seen.keys()) withDependencies += folderBytes(dir);
  return {
    version,
    own: folderBytes(top),
    withDependencies,
    dependencies: [...seen.entries()]
      .filter(([dir]) => dir !== top)
      .map(([, id]) => id)
      .sort(),
  };
}
