// Measures one client's cold start in a fresh process (spawned by run.ts per
// client and round): import its modules, construct it, get a first
// non-streamed response. Prints {"ms": <milliseconds>, "length": <text length>}.
// Arguments: <client id> <server origin> <stripped sources dir>.
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allClients } from './clients/all-clients.ts';
import { packagesDir, strippedPathOf } from './strip-workspace-sources.ts';

const [id, origin, strippedDir] = process.argv.slice(2);
const definition = allClients.find((client) => client.id === id);
if (definition === undefined || origin === undefined || strippedDir === undefined) {
  throw new Error('usage: cold-start-child.ts <client id> <server origin> <stripped sources dir>');
}

// Our packages are loaded from their type-stripped copies, as plain JavaScript.
const packagesUrl = pathToFileURL(packagesDir).href;
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith(packagesUrl) && url.endsWith('.ts')) {
      const stripped = strippedPathOf(strippedDir, fileURLToPath(url));
      if (existsSync(stripped)) {
        return { format: 'module', source: readFileSync(stripped, 'utf8'), shortCircuit: true };
      }
    }
    return nextLoad(url, context);
  },
});

const start = performance.now();
const factory = await definition.load();
const client = factory(origin, 'burst');
const length = await client.generate();
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, length })}\n`);
