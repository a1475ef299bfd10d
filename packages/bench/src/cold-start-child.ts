// Measures one client's cold start in a fresh process (spawned by run.ts per
// client and round): import its modules, construct it, get a first
// non-streamed response. Prints {"ms": <milliseconds>, "length": <text length>}.
// Arguments: <client id> <server origin>. Run without the `@org/source`
// condition, so our packages resolve to their builds (`dist/`, made by
// build-workspace-packages.ts), as every other library is loaded from its
// published JavaScript.
import { performance } from 'node:perf_hooks';
import { allClients } from './clients/all-clients.ts';

const [id, origin] = process.argv.slice(2);
const definition = allClients.find((client) => client.id === id);
if (definition === undefined || origin === undefined) {
  throw new Error('usage: cold-start-child.ts <client id> <server origin>');
}

const start = performance.now();
const factory = await definition.load();
const client = factory(origin, 'burst');
const length = await client.generate();
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, length })}\n`);
