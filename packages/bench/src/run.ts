// `pnpm bench`: every client against the fake server (in a child process),
// alternating round by round. Flags:
//   --quick              a short run (fewer rounds and smaller batches)
//   --write-docs         also regenerate docs/benchmarks.md from this run
//   --from=<results.json> no measuring: print and (with --write-docs) write the doc from saved results
//   --only=cold-start    measure the cold-start figure alone (results/<date>-cold-start.json;
//                        latest.json and the doc are left as they are)
//   --only=gateway       only the gateway load test (src/gateway/); with --write-docs the doc is
//                        regenerated from it and the saved results/latest.json (alias --gateway)
//   --only=memory        only the conversation-memory benchmark (stores, trimming, token counting;
//                        alias --memory)
//   --only=observability only the metrics and tracing overhead on an instant model (about a minute)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchClient, ClientDefinition } from './bench-client.ts';
import type { BenchResults, BenchSettings, ClientRecord } from './bench-results.ts';
import { allClients } from './clients/all-clients.ts';
import { figures, type FigureId } from './figures.ts';
import { formatWithPrettier } from './format-with-prettier.ts';
import { runGatewayBench } from './gateway/run-gateway-bench.ts';
import { printGatewaySummary } from './gateway/gateway-summary.ts';
import {
  addSlices,
  firstPartSample,
  measureHeapPerStream,
  requestSlice,
  settle,
  streamSlice,
  type Slice,
} from './measure.ts';
import { median } from './stats.ts';
import { measureColdStart } from './measure-cold-start.ts';
import {
  measureObservability,
  type ObservabilitySettings,
} from './observability/measure-observability.ts';
import { observabilityTable } from './observability/observability-table.ts';
import { loadPayloads, type BenchPayloads } from './payloads.ts';
import {
  groupTitles,
  resilienceTable,
  resultTable,
  skippedTable,
  tableColumns,
  targetTable,
  toText,
} from './render-tables.ts';
import { pacedEventMs, scenarios, type Scenario } from './scenario.ts';
import { startFakeServer } from './start-fake-server.ts';
import { buildWorkspacePackages } from './build-workspace-packages.ts';
import { writeBenchmarksDoc } from './write-benchmarks-doc.ts';
import { runMemoryBench, type MemoryBenchResults } from './memory/run-memory-bench.ts';
import {
  langChainUncachedNote,
  memoryTable,
  skippedMemoryTable,
  tokenizerTable,
} from './memory/render-memory-tables.ts';

const fullSettings: BenchSettings = {
  rounds: 9,
  slices: 6,
  requestsC1: 30,
  requestsC16: 80,
  burstStreams: 3,
  pacedStreams: 16,
  firstPartSamples: 24,
  heapRounds: 3,
  openStreams: 1000,
  coldStartRounds: 7,
};

const quickSettings: BenchSettings = {
  rounds: 3,
  slices: 3,
  requestsC1: 15,
  requestsC16: 48,
  burstStreams: 2,
  pacedStreams: 16,
  firstPartSamples: 8,
  heapRounds: 1,
  openStreams: 1000,
  coldStartRounds: 2,
};

const fullObservability: ObservabilitySettings = {
  rounds: 11,
  slices: 4,
  generatesPerSlice: 40_000,
  shortStreamsPerSlice: 3000,
  longStreamsPerSlice: 60,
};
const quickObservability: ObservabilitySettings = {
  rounds: 5,
  slices: 2,
  generatesPerSlice: 20_000,
  shortStreamsPerSlice: 1500,
  longStreamsPerSlice: 30,
};

const resultsDir = new URL('../results/', import.meta.url);

interface LoadedClient {
  readonly definition: ClientDefinition;
  readonly chunks: number;
  readonly byScenario: Readonly<Record<Scenario, BenchClient>>;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 240);
}

/** Loads a client and checks it reads the whole answer on every route; a reason when it cannot. */
async function loadClient(
  definition: ClientDefinition,
  origin: string,
  payloads: BenchPayloads,
): Promise<LoadedClient | string> {
  const pending = definition.pending();
  if (pending !== undefined) return pending;
  try {
    const factory = await definition.load();
    const byScenario = Object.fromEntries(
      scenarios.map((scenario) => [scenario, factory(origin, scenario)]),
    ) as Record<Scenario, BenchClient>;
    const payload = payloads[definition.group];
    for (const scenario of ['burst', 'paced', 'first'] as const) {
      const client = byScenario[scenario];
      const generated = await client.generate();
      if (generated !== payload.jsonText.length) {
        return `its answer had ${generated} characters instead of ${payload.jsonText.length}`;
      }
      const streamed = await client.stream();
      if (streamed !== payload.text.length) {
        return `its ${scenario} stream had ${streamed} characters instead of ${payload.text.length}`;
      }
    }
    return { definition, chunks: payload.chunkCount, byScenario };
  } catch (error) {
    return `failed to load or answer: ${reasonOf(error)}`;
  }
}

/** Rotates `items` by `by`, so that no client always runs first. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * `items` in an order drawn from `seed` (mulberry32 + Fisher-Yates), the
 * same on every run: each slice gets a new order, so no client always
 * follows the same neighbour (and inherits the same garbage).
 */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const order = [...items];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

type Rounds = Record<FigureId, Record<string, (number | null)[]>>;

function record(
  rounds: Rounds,
  id: FigureId,
  client: string,
  round: number,
  value: number | null,
): void {
  const values = (rounds[id][client] ??= []);
  values[round] = value;
}

async function attempt(
  label: string,
  failures: Map<string, string>,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (failures.has(label)) return; // the first failure of a measurement is the one kept
    const reason = reasonOf(error);
    log(`  ${label} failed: ${reason}`);
    failures.set(label, reason);
  }
}

/**
 * Runs `run` for every client, `slices` times over, in a new order at every
 * slice, and collects each client's results: a burst of load from a
 * neighbour on this shared machine then lands on every client alike. A
 * client that fails is left out of the rest of the round.
 */
async function interleave<T>(
  clients: readonly LoadedClient[],
  round: number,
  slices: number,
  what: string,
  failures: Map<string, string>,
  run: (client: LoadedClient) => Promise<T>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>();
  const failed = new Set<string>();
  for (let slice = 0; slice < slices; slice++) {
    for (const client of shuffle(clients, round * 1000 + slice + what.length * 7919)) {
      const id = client.definition.id;
      if (failed.has(id)) continue;
      await attempt(`${id} ${what}`, failures, async () => {
        try {
          const result = await run(client);
          results.set(id, [...(results.get(id) ?? []), result]);
        } catch (error) {
          failed.add(id);
          results.delete(id);
          throw error;
        }
      });
    }
  }
  return results;
}

/** Each client's slices added up. */
function totals(slices: Map<string, Slice[]>): [string, Slice][] {
  return [...slices].map(([id, list]) => [
    id,
    list.reduce<Slice | undefined>(addSlices, undefined)!,
  ]);
}

async function measureRounds(
  clients: readonly LoadedClient[],
  settings: BenchSettings,
  rounds: Rounds,
  failures: Map<string, string>,
): Promise<void> {
  log('warming up every client...');
  for (const { byScenario } of clients) {
    for (let index = 0; index < 20; index++) await byScenario.burst.generate();
    for (let index = 0; index < 5; index++) await byScenario.burst.stream();
  }
  const s = settings;
  for (let round = 0; round < s.rounds; round++) {
    const started = performance.now();
    // One unmeasured request each: a connection the server closed while idle is reopened here.
    for (const client of clients) await client.byScenario.burst.generate().catch(() => 0);
    await settle();
    const c1 = await interleave(clients, round, s.slices, 'requests c=1', failures, (client) =>
      requestSlice(client.byScenario.burst, s.requestsC1, 1),
    );
    for (const [id, total] of totals(c1))
      record(rounds, 'cpuRequestC1', id, round, total.cpuUs / total.units);
    await settle();
    const c16 = await interleave(clients, round, s.slices, 'requests c=16', failures, (client) =>
      requestSlice(client.byScenario.burst, s.requestsC16, 16),
    );
    for (const [id, total] of totals(c16)) {
      record(rounds, 'cpuRequestC16', id, round, total.cpuUs / total.units);
      record(rounds, 'throughputC16', id, round, (total.units * 1000) / total.wallMs);
    }
    await settle();
    const burst = await interleave(clients, round, s.slices, 'burst', failures, (client) =>
      streamSlice(client.byScenario.burst, s.burstStreams, 1, client.chunks),
    );
    for (const [id, total] of totals(burst)) {
      record(rounds, 'cpuChunkBurst', id, round, total.cpuUs / total.units);
    }
    // A paced batch is long and mostly idle: one per client and round.
    await settle();
    const paced = await interleave(clients, round, 1, 'paced', failures, (client) =>
      streamSlice(client.byScenario.paced, s.pacedStreams, 16, client.chunks),
    );
    for (const [id, total] of totals(paced)) {
      record(rounds, 'cpuChunkPaced', id, round, total.cpuUs / total.units);
    }
    await settle();
    const firstParts = await interleave(
      clients,
      round,
      s.firstPartSamples,
      'first part',
      failures,
      (client) => firstPartSample(client.byScenario.first),
    );
    for (const [id, samples] of firstParts) record(rounds, 'firstPart', id, round, median(samples));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`round ${round + 1}/${s.rounds} done in ${seconds} s`);
  }
}

async function measureHeap(
  clients: readonly LoadedClient[],
  settings: BenchSettings,
  rounds: Rounds,
  external: Record<string, (number | null)[]>,
  failures: Map<string, string>,
): Promise<void> {
  for (let round = 0; round < settings.heapRounds; round++) {
    for (const client of rotate(clients, round)) {
      const id = client.definition.id;
      await attempt(`${id} heap`, failures, async () => {
        const heap = await measureHeapPerStream(client.byScenario.hold, settings.openStreams);
        record(rounds, 'heapPerStream', id, round, heap.heapBytes);
        (external[id] ??= [])[round] = heap.externalBytes;
      });
    }
    log(`heap round ${round + 1}/${settings.heapRounds} done`);
  }
}

async function measureColdStarts(
  clients: readonly LoadedClient[],
  settings: BenchSettings,
  origin: string,
  rounds: Rounds,
  failures: Map<string, string>,
): Promise<void> {
  log('building our packages for the cold start (turbo skips what is up to date)...');
  buildWorkspacePackages();
  for (let round = 0; round < settings.coldStartRounds; round++) {
    for (const client of rotate(clients, round)) {
      const id = client.definition.id;
      await attempt(`${id} cold start`, failures, async () => {
        const coldStart = await measureColdStart(id, origin);
        record(rounds, 'coldStart', id, round, coldStart.ms);
        record(rounds, 'coldStartCpu', id, round, coldStart.cpuMs);
      });
    }
    log(`cold start round ${round + 1}/${settings.coldStartRounds} done`);
  }
}

/** What `--only` can run alone. */
const onlyChoices = ['cold-start', 'gateway', 'memory', 'observability'] as const;
type OnlyChoice = (typeof onlyChoices)[number];
/** Older spellings of `--only=...`, still accepted. */
const onlyAliases: Readonly<Record<string, OnlyChoice>> = {
  '--gateway': 'gateway',
  '--memory': 'memory',
};

/** The part the arguments select (`--only=<part>` or an alias), if any and if known. */
function parseOnly(argv: readonly string[]): OnlyChoice | undefined {
  const given = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const choice = onlyChoices.find((known) => known === given);
  if (choice !== undefined) return choice;
  return argv.map((arg) => onlyAliases[arg]).find((alias) => alias !== undefined);
}

async function runBench(
  quick: boolean,
  command: string,
  only: 'cold-start' | undefined,
): Promise<BenchResults> {
  const settings = quick ? quickSettings : fullSettings;
  const date = new Date().toISOString();
  const started = performance.now();
  const payloads = loadPayloads();
  log(`payloads: ${payloads.source}`);
  const server = await startFakeServer();
  log(`fake server: ${server.origin} (child process ${server.pid})`);
  const records: ClientRecord[] = [];
  const loaded: LoadedClient[] = [];
  const rounds = Object.fromEntries(figures.map(({ id }) => [id, {}])) as Rounds;
  const external: Record<string, (number | null)[]> = {};
  const failures = new Map<string, string>();
  try {
    for (const definition of allClients) {
      const outcome = await loadClient(definition, server.origin, payloads);
      const { id, label, short, group, kind } = definition;
      if (typeof outcome === 'string') {
        log(`skipping ${label}: ${outcome}`);
        records.push({ id, label, short, group, kind, skipped: outcome });
      } else {
        records.push({ id, label, short, group, kind });
        loaded.push(outcome);
      }
    }
    if (only === undefined) {
      await measureRounds(loaded, settings, rounds, failures);
      await measureHeap(loaded, settings, rounds, external, failures);
    }
    await measureColdStarts(loaded, settings, server.origin, rounds, failures);
  } finally {
    await server.stop();
  }
  const observability = await measureObservability(
    quick ? quickObservability : fullObservability,
    log,
  );
  return {
    version: 1,
    date,
    command,
    quick,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      platform: `${process.platform} ${process.arch}`,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    payloads: {
      source: payloads.source,
      openaiChunks: payloads.openai.chunkCount,
      anthropicChunks: payloads.anthropic.chunkCount,
      openaiStreamBytes: Buffer.byteLength(payloads.openai.events.join('')),
      anthropicStreamBytes: Buffer.byteLength(payloads.anthropic.events.join('')),
      pacedEventMs,
    },
    settings,
    clients: records,
    rounds,
    externalPerStream: external,
    failures: Object.fromEntries(failures),
    observability,
  };
}

function printResults(results: BenchResults): void {
  const out: string[] = [];
  for (const group of ['openai', 'anthropic'] as const) {
    out.push('', `== ${groupTitles[group]} ==`);
    tableColumns.forEach((columns, index) => {
      out.push('', toText(resultTable(results, group, columns, index + 1)));
    });
  }
  out.push('', toText(resilienceTable(results)), '', toText(targetTable(results)));
  if (results.observability !== undefined) {
    out.push('', toText(observabilityTable(results.observability)));
  }
  const skipped = skippedTable(results);
  if (skipped !== undefined) out.push('', toText(skipped));
  out.push(
    '',
    'Cells: median over rounds ± half the interquartile range, (ratio to the floor: undici.request for',
    'OpenAI, the bare fetch + SSE loop for per-chunk figures and for Anthropic; median of per-round ratios).',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

function printMemoryResults(memory: MemoryBenchResults): void {
  const tables = [memoryTable(memory), tokenizerTable(memory), skippedMemoryTable(memory)];
  process.stdout.write(
    `${tables
      .filter((table) => table !== undefined)
      .map((table) => `\n${toText(table)}`)
      .join('\n')}\n\n${langChainUncachedNote(memory)}\n`,
  );
}

/** Runs the conversation-memory benchmark and saves it as results/memory-latest.json. */
async function measureMemory(quickRun: boolean, command: string): Promise<MemoryBenchResults> {
  const memory = await runMemoryBench(quickRun, command);
  mkdirSync(resultsDir, { recursive: true });
  const latest = new URL('memory-latest.json', resultsDir);
  writeFileSync(latest, await formatWithPrettier(JSON.stringify(memory, null, 2), latest));
  log(
    `memory results written to packages/bench/results/memory-latest.json (${memory.durationSeconds} s)`,
  );
  return memory;
}

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const quick = args.includes('--quick');
const writeDocs = args.includes('--write-docs');
const from = args.find((arg) => arg.startsWith('--from='))?.slice('--from='.length);
const only = parseOnly(args);
const unknown = args.filter(
  (arg) =>
    !['--quick', '--write-docs', ...Object.keys(onlyAliases)].includes(arg) &&
    !arg.startsWith('--from=') &&
    !(arg.startsWith('--only=') && only !== undefined),
);
const alone = only === 'cold-start' || only === 'observability';
if (unknown.length > 0 || (alone && (writeDocs || from !== undefined))) {
  log(
    `Unknown option ${unknown.join(' ')}. Options: --quick, --write-docs, --from=<results.json>, --only=${onlyChoices.join('|')} (cold-start and observability not with --write-docs or --from).`,
  );
  process.exit(2);
}
if (only === 'observability') {
  // The decorators' own cost, without the adapters' run; not saved as results.
  const observability = await measureObservability(
    quick ? quickObservability : fullObservability,
    log,
  );
  process.stdout.write(`${toText(observabilityTable(observability))}\n`);
  process.exit(0);
}

if (only === 'gateway') {
  const gateway = await runGatewayBench(quick);
  log(printGatewaySummary(gateway));
  if (writeDocs) {
    const saved = JSON.parse(
      readFileSync(new URL('latest.json', resultsDir), 'utf8'),
    ) as BenchResults;
    log(`wrote ${await writeBenchmarksDoc(saved)}`);
  }
  process.exit(0);
}

if (only === 'memory') {
  const memory = await measureMemory(quick, `pnpm bench -- ${args.join(' ')}`);
  printMemoryResults(memory);
  if (writeDocs) {
    const saved = JSON.parse(
      readFileSync(new URL('latest.json', resultsDir), 'utf8'),
    ) as BenchResults;
    log(`wrote ${await writeBenchmarksDoc(saved, memory)}`);
  }
  process.exit(0);
}

let results: BenchResults;
if (only === 'cold-start') {
  const command = `pnpm bench -- ${args.join(' ')}`;
  results = await runBench(quick, command, only);
  mkdirSync(resultsDir, { recursive: true });
  const name = `${results.date.replaceAll(':', '-')}-cold-start.json`;
  const target = new URL(name, resultsDir);
  writeFileSync(target, await formatWithPrettier(JSON.stringify(results, null, 2), target));
  log(`results written to packages/bench/results/${name} (${results.durationSeconds} s)`);
} else if (from === undefined) {
  const command = `pnpm bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
  results = await runBench(quick, command, undefined);
  printMemoryResults(await measureMemory(quick, command));
  mkdirSync(resultsDir, { recursive: true });
  const latest = new URL('latest.json', resultsDir);
  const json = await formatWithPrettier(JSON.stringify(results, null, 2), latest);
  writeFileSync(new URL(`${results.date.replaceAll(':', '-')}.json`, resultsDir), json);
  writeFileSync(latest, json);
  log(`results written to packages/bench/results/latest.json (${results.durationSeconds} s)`);
} else {
  // pnpm runs this script in packages/bench; a relative path is meant from where pnpm was started.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), from);
  results = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
}
printResults(results);
if (writeDocs) log(`wrote ${await writeBenchmarksDoc(results)}`);
