import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Folders searched after PATH: Debian puts daemons (haproxy, tinyproxy) in sbin. */
const sbinDirs = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Whether the tests run in CI (`CI` set and not `0` or `false`), where every server must start. */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** The path of an executable in `extraDirs`, on PATH or in an sbin folder, or `undefined`. */
export function findBinary(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...extraDirs, ...(process.env.PATH ?? '').split(delimiter), ...sbinDirs];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** Where a system binary is, or why a test that needs it must skip. */
export type SystemBinary =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly reason: string };

/**
 * Finds `name` (see {@link findBinary}). In CI a missing binary throws, so a
 * suite never skips there: `.ci/run` installs it. Elsewhere the caller
 * prints `reason` and skips.
 */
export function systemBinary(name: string, debianPackage: string): SystemBinary {
  const path = findBinary(name);
  if (path !== undefined) return { found: true, path };
  return { found: false, reason: notInstalled(`'${name}' is not installed`, debianPackage) };
}

/**
 * Finds the binaries a suite needs: `undefined` when all are there, else the
 * reason to skip it, printed once. Throws in CI, where they must be.
 */
export function requireBinaries(
  suite: string,
  names: readonly string[],
  debianPackages: string,
): string | undefined {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length === 0) return undefined;
  const reason = notInstalled(
    `${suite}: skipped, ${missing.join(' and ')} not found`,
    debianPackages,
  );
  console.warn(reason);
  return reason;
}

/** The reason a binary is missing, naming the Debian packages; thrown in CI. */
export function notInstalled(what: string, debianPackages: string): string {
  const reason = `${what} (Debian: apt-get install -y ${debianPackages})`;
  if (inCi()) throw new Error(`This suite must run in CI, but ${reason}; .ci/run installs it.`);
  return reason;
}
