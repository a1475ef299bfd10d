// @ts-check
// The API reference (`pnpm docs:api`, written to docs/api/, not committed) of
// every published package: its entry points are the `exports` of each
// package.json that is not private, so a new package or subpath is documented
// without editing this file. One TypeScript program serves them all (one per
// package would parse core a dozen times). `pnpm test` runs it too, with
// warnings as errors: a broken {@link}, or an export whose signature names a
// type the reference cannot show, fails the build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = import.meta.dirname;

/**
 * The source file and module name of each public entry point of each
 * published package, in folder order.
 *
 * @returns {{ file: string; module: string }[]}
 */
function publishedEntryPoints() {
  const entries = [];
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const manifestPath = join(root, 'packages', folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    /** @type {{ name: string; private?: boolean; exports?: Record<string, unknown> }} */
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private === true) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source =
        typeof target === 'object' && target !== null
          ? /** @type {Record<string, unknown>} */ (target)['@org/source']
          : undefined;
      if (typeof source !== 'string') continue;
      entries.push({
        file: join('packages', folder, source),
        module: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
      });
    }
  }
  return entries;
}

/**
 * Each entry file names its module with `@module <package name><subpath>` in
 * its first doc comment (TypeDoc would otherwise call it `core/src`): checked
 * here, so the reference never shows a module under another name than the
 * one users import.
 *
 * @param {{ file: string; module: string }[]} entries
 */
function checkModuleNames(entries) {
  const wrong = entries.filter(({ file, module }) => {
    const comment = /\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, file), 'utf8'))?.[0] ?? '';
    return !comment
      .split('\n')
      .some((line) => line.replace(/^\s*\*\s?/, '').trim() === `@module ${module}`);
  });
  if (wrong.length > 0) {
    throw new Error(
      `Each entry point's first doc comment must end with its import name: ${wrong
        .map(({ file, module }) => `${file} needs '@module ${module}'`)
        .join('; ')}.`,
    );
  }
}

const entries = publishedEntryPoints();
checkModuleNames(entries);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: '@org/llm API',
  entryPoints: entries.map(({ file }) => file),
  tsconfig: 'tsconfig.typedoc.json',
  out: 'docs/api',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  // The type check (`pnpm typecheck`) reports type errors; TypeDoc only reads the declarations.
  skipErrorChecking: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true },
};

export default config;
