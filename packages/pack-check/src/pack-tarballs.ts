import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  publishablePackages,
  tarballFileName,
  type WorkspacePackage,
} from './workspace-packages.ts';

/** One packed tarball. */
export interface PackedTarball {
  /** The package name. */
  readonly name: string;
  /** Its version (workspace dependencies in its package.json are versions too). */
  readonly version: string;
  /** Absolute path of the `.tgz`. */
  readonly file: string;
  /** Size of the `.tgz` in bytes. */
  readonly size: number;
  /** Paths inside the package, as pnpm packed them. */
  readonly files: readonly string[];
}

interface PnpmPackJson {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (${String(result.status ?? result.error)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Builds every publishable package (through turbo, so an unchanged one is a
 * cache hit) and packs each into `dest/<name>.tgz` with `pnpm pack`, which
 * turns `workspace:^` into the version it stands for. Runs where pnpm
 * scripts run: `turbo` and `pnpm` on `PATH`. Stale tarballs in `dest` are
 * removed first.
 */
export function packTarballs(root: string, dest: string): PackedTarball[] {
  const packages: WorkspacePackage[] = publishablePackages(root);
  const filters = packages.flatMap((entry) => ['--filter', entry.name]);
  run('turbo', ['run', 'build', ...filters, '--output-logs=errors-only'], root);
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(dest)) {
    if (name.endsWith('.tgz') || name === tarballIndexName) rmSync(join(dest, name));
  }
  const output = run(
    'pnpm',
    ['--recursive', ...filters, 'pack', '--json', '--out', join(dest, '%s.tgz')],
    root,
  );
  const parsed = JSON.parse(output) as PnpmPackJson | PnpmPackJson[];
  const packed = (Array.isArray(parsed) ? parsed : [parsed]).map((entry) => ({
    name: entry.name,
    version: entry.version,
    file: entry.filename,
    size: entry.size,
    files: entry.files.map((file) => file.path).sort(),
  }));
  const missing = packages.filter(
    (entry) => !packed.some((tarball) => tarball.file === join(dest, tarballFileName(entry.name))),
  );
  if (missing.length > 0) {
    throw new Error(
      `pnpm pack wrote no tarball for ${missing.map((entry) => entry.name).join(', ')}`,
    );
  }
  packed.sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(join(dest, tarballIndexName), `${JSON.stringify(packed, null, 2)}\n`);
  return packed;
}

/** The file beside the tarballs that lists them, with the files each holds. */
export const tarballIndexName = 'index.json';

/** The tarballs `packTarballs` wrote into `dest`, from its index. */
export function readTarballIndex(dest: string): PackedTarball[] {
  return JSON.parse(readFileSync(join(dest, tarballIndexName), 'utf8')) as PackedTarball[];
}
