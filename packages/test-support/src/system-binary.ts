import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where a system binary is, or why a test that needs it must skip. */
export type SystemBinary =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly reason: string };

/**
 * Finds `name` on PATH (and in /usr/sbin, where Debian puts daemons). In CI
 * (`CI` set) a missing binary throws, so a suite never skips there: `.ci/run`
 * installs it. Elsewhere the caller prints `reason` and skips.
 */
export function systemBinary(name: string, debianPackage: string): SystemBinary {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return { found: true, path };
    } catch {
      // Not in this directory.
    }
  }
  const reason = `'${name}' is not installed (Debian package ${debianPackage}: apt-get install -y ${debianPackage})`;
  if (process.env.CI) throw new Error(`This suite must run in CI, but ${reason}.`);
  return { found: false, reason };
}
