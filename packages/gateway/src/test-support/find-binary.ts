import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Folders searched besides PATH: Debian puts haproxy and nginx in sbin. */
const extraDirs = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/**
 * The path of an executable, or `undefined`. Tests that need one skip with a
 * printed reason when it is missing, except in CI (`CI` set), where a
 * missing binary is a failure: CI installs it.
 */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Finds the binaries a suite needs; returns the reason to skip it (printed
 * once) or `undefined` when all are there. Throws in CI, where they must be.
 */
export function requireBinaries(
  suite: string,
  names: readonly string[],
  debianPackages: string,
): string | undefined {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length === 0) return undefined;
  const reason = `${suite}: skipped, ${missing.join(' and ')} not found (apt-get install -y ${debianPackages}).`;
  if (
    process.env.CI !== undefined &&
    process.env.CI !== '' &&
    process.env.CI !== '0' &&
    process.env.CI !== 'false'
  ) {
    throw new Error(`${reason} CI must install it (.ci/run).`);
  }
  console.warn(reason);
  return reason;
}
