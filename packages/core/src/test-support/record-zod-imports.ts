// Runs a scenario module (argv[2]) in this fresh process and prints, as one
// JSON line, every module outside zod that imported zod while it ran. Used by
// the "no zod on the first request" tests: what an application loads to
// make its first call is the cold start (see
// docs/decisions/0008-schemas-subpath-lazy-zod.md).
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const isZod = (url: string): boolean => url.includes('/node_modules/zod/');
const importers = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const parent = context.parentURL ?? '<entry>';
    if (isZod(resolved.url) && !isZod(parent)) importers.add(parent);
    return resolved;
  },
});
await import(pathToFileURL(process.argv[2]!).href);
process.stdout.write(`${JSON.stringify([...importers])}\n`);
