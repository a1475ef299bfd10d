import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's `packages/` folder. */
export const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** Where a stripped copy of the workspace source `path` (absolute) lives in `cacheDir`. */
export function strippedPathOf(cacheDir: string, path: string): string {
  return join(cacheDir, path.slice(packagesDir.length));
}

function* typeScriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** A temporary folder of type-stripped workspace sources; `remove()` deletes it. */
export interface StrippedSources {
  readonly dir: string;
  readonly files: number;
  remove(): void;
}

/**
 * Writes every workspace package's `src/**.ts` with its types stripped (as
 * plain JavaScript, what a published build holds) to a temporary folder.
 * The cold-start children load these instead of the TypeScript sources, so
 * our packages are not charged for Node's type stripping, which the
 * JavaScript of the other libraries never pays.
 */
export function stripWorkspaceSources(): StrippedSources {
  const dir = join(tmpdir(), `llm-bench-stripped-${process.pid}`);
  let files = 0;
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const src = join(packagesDir, entry.name, 'src');
    let sources: string[];
    try {
      sources = [...typeScriptFiles(src)];
    } catch {
      continue; // a package without src/ yet
    }
    for (const path of sources) {
      const target = strippedPathOf(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, stripTypeScriptTypes(readFileSync(path, 'utf8')));
      files++;
    }
  }
  return {
    dir,
    files,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
