// Measures one client's cold start in a fresh process (spawned by run.ts per
// client and round): import its modules, construct it, get a first
// non-streamed response. Prints {"ms": <milliseconds>, "cpuMs": <CPU milliseconds>,
// "length": <text length>}: wall time, and the CPU time (user and system) the
// process spent, which the neighbours' load on a shared machine moves far less.
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

const cpuStart = process.cpuUsage();
const start = performance.now();
const factory = await definition.load();
const client = factory(origin, 'burst');
const length = await client.generate();
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, length })}\n`);
