import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readInstallSizeReport, renderInstallSizeSection } from '@org/llm-pack-check';
import { measuredClients, summaryOf } from './analyze.ts';
import type { BenchGroup } from './bench-client.ts';
import type { BenchResults } from './bench-results.ts';
import { figure, type FigureId } from './figures.ts';
import { formatWithPrettier } from './format-with-prettier.ts';
import { observabilityTable } from './observability/observability-table.ts';
import {
  groupTitles,
  resilienceTable,
  resultTable,
  skippedTable,
  tableColumns,
  targetTable,
  toMarkdown,
} from './render-tables.ts';
import { evaluateTargets } from './targets.ts';
import { savedGatewaySection } from './gateway/gateway-summary.ts';
import type { MemoryBenchResults } from './memory/run-memory-bench.ts';
import {
  langChainUncachedNote,
  memoryTable,
  skippedMemoryTable,
  tokenizerTable,
} from './memory/render-memory-tables.ts';

const docPath = new URL('../../../docs/benchmarks.md', import.meta.url);
const findingsPath = new URL('../findings.md', import.meta.url);
const memoryResultsPath = new URL('../results/memory-latest.json', import.meta.url);

/** The saved conversation-memory results, when a run wrote them. */
function savedMemoryResults(): MemoryBenchResults | undefined {
  try {
    return JSON.parse(readFileSync(memoryResultsPath, 'utf8')) as MemoryBenchResults;
  } catch {
    return undefined;
  }
}

function memorySection(memory: MemoryBenchResults): string[] {
  const m = memory.machine;
  const lines = [
    '## Conversation memory',
    '',
    `\`${memory.command}\` on ${memory.date.slice(0, 16).replace('T', ' ')} UTC (Node ${m.node}, ${m.cpus} cores, ${m.cpuModel}${m.loadAverage === undefined ? '' : `; load average ${m.loadAverage} at the end: p99 figures are mostly the neighbours'`}).`,
    `Every store holds the same ${memory.settings.messages}-message conversation (500 turns of a ~200-character`,
    'question and a ~600-character answer). One turn is what a `Conversation` does: **load** the whole',
    `history, **trim** it to the newest ${memory.settings.windowTokens} tokens with the new question last, and **append** the question`,
    `and its answer; ${memory.settings.iterations} turns per store, in ${memory.settings.rounds} rounds that alternate the stores' order.`,
    'Ours trim with `tokenBudget` and the o200k counter (counts cached per message); LangChain trims with',
    '`trimMessages` and the best counter we could give it: the same framing over js-tiktoken, each text counted',
    'once and cached (`trimMessages` still sums the whole list for every prefix it tries). The bare engines',
    '(`floor`) store one JSON row or list element per message and check nothing: no',
    'version, no validation of what they read back. Redis and PostgreSQL run locally, on the same machine.',
    '',
    toMarkdown(memoryTable(memory)),
    '',
    langChainUncachedNote(memory),
    '',
    toMarkdown(tokenizerTable(memory)),
  ];
  const skipped = skippedMemoryTable(memory);
  if (skipped !== undefined) lines.push('', toMarkdown(skipped));
  return lines;
}

const chartFigures: readonly FigureId[] = ['cpuRequestC1', 'cpuChunkBurst', 'heapPerStream'];

/** A Mermaid bar chart of one figure's medians across a group's clients. */
function chart(results: BenchResults, group: BenchGroup, id: FigureId): string {
  const definition = figure(id);
  const points = measuredClients(results)
    .filter((client) => client.group === group)
    .map((client) => ({ client, summary: summaryOf(results, id, client.id) }))
    .filter((point) => point.summary !== undefined);
  const scale = id === 'heapPerStream' ? 1 / 1024 : 1;
  const values = points.map((point) =>
    Number((point.summary!.median * scale).toFixed(definition.digits)),
  );
  const top = Math.max(...values, 0);
  const axisTop = Number((top * 1.1).toPrecision(2));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${groupTitles[group]}: ${definition.label} (${definition.unit}, lower is better)"`,
    `  x-axis [${points.map((point) => JSON.stringify(point.client.short)).join(', ')}]`,
    `  y-axis "${definition.unit}" 0 --> ${axisTop}`,
    `  bar [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

function method(results: BenchResults): string {
  const s = results.settings;
  const p = results.payloads;
  return `## Method

- **Fake server in its own process.** The runner starts \`@org/llm-testkit\`'s
  \`createFakeProviderServer\` in a child process (\`src/fake-server-process.ts\`), waits for its URL,
  and stops it at the end, so the server's CPU never shows in the clients' \`process.cpuUsage()\`.
  Every request is answered the same way (\`server.handle(...)\` with \`openai.raw\` /
  \`anthropic.raw\` scripts built once); the first path segment of a client's base URL picks how
  a stream is written.
- **Payloads.** OpenAI: ${p.source}: ${p.openaiChunks} chunks, ${(p.openaiStreamBytes / 1024).toFixed(0)} KB
  of SSE, and a 2.6 KB JSON answer. Anthropic: a Claude text stream with the event sequence and
  fields of the recorded \`anthropic-text\` stream (\`message_start\` with cache usage, \`ping\`,
  \`content_block_delta\`s, \`message_delta\`, \`message_stop\`) carrying the same ~300 token-sized
  deltas: ${p.anthropicChunks} events, ${(p.anthropicStreamBytes / 1024).toFixed(0)} KB. Every client is
  checked before measuring: it must read the whole answer and stream, character for character.
- **Alternation.** Every figure is measured in rounds, and every client runs in every round.
  Within a round, the request and burst figures are taken in slices: each client runs a short
  slice in turn (${s.slices} slices per round), in a new (seeded, reproducible) random order at
  every slice, so a burst of load from a neighbour on this shared machine, and the garbage
  collections one client's allocations trigger, land on every client alike. Each phase of a
  round starts with a full garbage collection (\`--expose-gc\`); the paced batches, first-part
  samples, heap and cold-start figures alternate client by client the same way. A figure's cell
  is the **median over rounds**; its **spread** is ± half the interquartile range across rounds,
  relative to the median.
- **Ratios** are to the floor of the table: \`undici.request\` + minimal JSON/SSE handling for
  OpenAI (the floor of a Node HTTP client), except per-chunk figures, which compare with the bare
  \`fetch\` + SSE loop as issue #3 does; the bare \`fetch\` + SSE loop for Anthropic. A ratio is
  the median of the per-round ratios (both clients measured in the same round), which cancels
  drift between rounds; above 1 is worse for every figure (throughput is inverted).
- **Why CPU time leads.** On these shared 2-core machines requests per second move with the
  neighbours' load and with the fake server, which shares the cores. \`process.cpuUsage()\` (user plus
  system time) counts only the work the client's process did, which is what a library costs its
  users.

| figure | what is measured | per round and client |
| --- | --- | --- |
| CPU/request c=1, c=16 | CPU µs per non-streamed request (JSON answer), one at a time and 16 in flight | ${s.slices} slices of ${s.requestsC1} and of ${s.requestsC16} requests |
| req/s c=16 | requests per second of wall time in the c=16 batch (server included) | the c=16 batch |
| CPU/chunk burst | CPU µs per stream event, the whole stream written by the server at once (one write) | ${s.slices} slices of ${s.burstStreams} streams, one at a time |
| CPU/chunk paced | CPU µs per stream event, one event per write ${p.pacedEventMs} ms apart (one read per event, like a model producing tokens) | ${s.pacedStreams} streams, 16 at a time |
| first part | ms from the call to the first non-empty text part; the server writes the head of the stream up to the first text delta, then the rest after 3 ms | median of ${s.firstPartSamples} streams |
| heap/open stream | V8 \`heapUsed\` growth per open stream with ${s.openStreams} streams open at once, each past its first text part and held open by the server, after two full GCs | ${s.heapRounds} round(s) |
| cold start | a fresh Node process per client and round: import the client's modules, construct it, get the first non-streamed response (measured inside the child; Node's own boot is left out) | ${s.coldStartRounds} rounds |
| cold start CPU | the same cold start in the child's CPU time (user plus system), the steadier view on a shared machine | the same processes |

Streams are read part by part the way an application would: the bare loops parse each \`data:\`
payload with \`JSON.parse\` and read its text; the SDKs are iterated (\`for await\` over the
\`openai\` / \`@anthropic-ai/sdk\` stream, over the Vercel AI SDK's \`fullStream\`); ours over the
\`ChatStream\` parts. The Vercel AI SDK is used through \`generateText\` / \`streamText\` with
\`maxRetries: 0\`; the SDKs with \`maxRetries: 0\`.

Our packages are loaded from their TypeScript sources (\`@org/source\`) in the main process. For the
cold start they are loaded from their own builds (\`dist/\`, made by tsdown through turbo before the
cold-start rounds, \`src/build-workspace-packages.ts\`), as an application loads the published
packages, because the other libraries are measured as they ship: our sources file by file would
charge us for Node's type stripping and for loading some sixty modules one by one, which no
published build pays.`;
}

function findings(): string {
  try {
    return readFileSync(findingsPath, 'utf8').trim();
  } catch {
    return '_No profiling notes yet._';
  }
}

/** Renders docs/benchmarks.md from `results`. */
export function renderBenchmarksDoc(
  results: BenchResults,
  memory: MemoryBenchResults | undefined = savedMemoryResults(),
): string {
  const m = results.machine;
  const outcomes = evaluateTargets(results);
  const passed = outcomes.filter((outcome) => outcome.status === 'pass').length;
  const missed = outcomes.filter((outcome) => outcome.status === 'miss').length;
  const unmeasured = outcomes.length - passed - missed;
  const sections: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by packages/bench (`pnpm bench -- --write-docs`) from packages/bench/results/latest.json.',
    '     Do not edit by hand: change packages/bench/src/write-benchmarks-doc.ts or packages/bench/findings.md. -->',
    '',
    'How much CPU, memory and latency each client costs against a local fake OpenAI / Anthropic',
    "server: this project's adapters next to the bare HTTP clients and the SDKs users pick today.",
    '',
    '## Run it',
    '',
    '```sh',
    'npx -y pnpm@12 bench                     # full run (about 10 minutes), prints the tables, writes packages/bench/results/',
    'npx -y pnpm@12 bench -- --quick          # a short run (about 3 minutes), rougher figures',
    'npx -y pnpm@12 bench -- --write-docs     # full run, then regenerate this page',
    'npx -y pnpm@12 bench -- --from=packages/bench/results/latest.json --write-docs   # this page from saved results',
    '```',
    '',
    'The benchmark is not part of `pnpm test`: tests never assert timings.',
    '',
    '## This run',
    '',
    `- Command: \`${results.command}\`${results.quick ? ' (quick run: fewer rounds, rougher figures)' : ''}`,
    `- Date: ${results.date.slice(0, 16).replace('T', ' ')} UTC; took ${Math.round(results.durationSeconds / 6) / 10} minutes`,
    `- Machine: Node ${m.node}, ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}; a shared machine`,
    `- Targets: ${passed} pass, ${missed} miss${unmeasured > 0 ? `, ${unmeasured} not measured` : ''} (table below)`,
    '',
    method(results),
  ];
  for (const group of ['openai', 'anthropic'] as const) {
    sections.push('', `## Results: ${groupTitles[group]}`, '');
    sections.push(
      'Each cell: median ± half the interquartile range over rounds, and (ratio to the floor).',
    );
    tableColumns.forEach((columns, index) => {
      sections.push('', toMarkdown(resultTable(results, group, columns, index + 1)));
    });
    for (const id of chartFigures) sections.push('', chart(results, group, id));
  }
  sections.push('', '## Resilience overhead', '', toMarkdown(resilienceTable(results)));
  const gateway = savedGatewaySection();
  if (gateway !== undefined) sections.push('', gateway);
  if (results.observability !== undefined) {
    sections.push(
      '',
      '## Metrics and tracing overhead',
      '',
      'CPU that `withMetrics` and `withTracing` add around a model that answers at once (issue #12:',
      'at most 2 µs per call and 0.1 µs per stream part). "API only" is tracing with no SDK',
      'registered (or not sampled); "SDK, recording" includes the OpenTelemetry SDK making every span.',
      '',
      toMarkdown(observabilityTable(results.observability)),
    );
  }
  sections.push(
    '',
    '## Targets',
    '',
    'From issues #3 (`@org/llm-openai-http`, `@org/llm-openai`), #4 (`@org/llm-anthropic`), #5',
    '(`withResilience`) and #10 (the cold start of `@org/llm-openai-http`). Ratios and differences',
    'are medians of per-round pairs.',
    '',
    toMarkdown(targetTable(results)),
  );
  const skipped = skippedTable(results);
  if (skipped !== undefined)
    sections.push('', '## Not measured in this run', '', toMarkdown(skipped));
  // Measured by packages/pack-check (npm installs of the tarballs), not by this run.
  const installSizes = readInstallSizeReport();
  if (installSizes !== undefined) sections.push('', renderInstallSizeSection(installSizes));
  if (memory !== undefined) sections.push('', ...memorySection(memory));
  sections.push('', '## Where our adapters lose, and why', '', findings());
  return `${sections.join('\n')}\n`;
}

/** Writes docs/benchmarks.md from `results` (formatted as Prettier would); returns its path. */
export async function writeBenchmarksDoc(
  results: BenchResults,
  memory: MemoryBenchResults | undefined = savedMemoryResults(),
): Promise<string> {
  writeFileSync(docPath, await formatWithPrettier(renderBenchmarksDoc(results, memory), docPath));
  return fileURLToPath(docPath);
}
