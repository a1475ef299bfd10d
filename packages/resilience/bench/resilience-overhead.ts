// CPU cost of withResilience (default options, no faults) over a bare model:
//   cd packages/resilience && node --conditions=@org/source --expose-gc bench/resilience-overhead.ts [--rounds=N] [--only=instant|wire]
// About 20 seconds with the default 10 rounds. The wire figures move by ±10% between runs on a
// shared machine: pass --rounds=24 or more for them.
//
// Two pairs of clients, each measured in alternating rounds with process.cpuUsage():
// - instant: a model that answers at once with no I/O, so the layers' own
//   cost per request and per part stands out (absolute µs are the figure),
//   and the heap each open stream holds;
// - wire: @org/llm-openai-http against the testkit's fake server, which
//   runs in a child process so its CPU is not counted (the ratio is the figure).
// Every round, each figure is measured in slices; the clients take turns
// within a round, in an order that flips every slice, after a full GC.
// A cell is the median over rounds ± half the interquartile range; `added`
// is the median of the per-round differences, the overhead the median of the
// per-round ratios, minus one.
//
// Last figures (2026-11-26, Node 24.21, two cores shared with other work),
// `--only=instant`, added by withResilience: CPU/request +0.41 µs, CPU/part
// +0.08 µs, first part +4.2 µs, heap/open stream +0.72 KB (before that day's
// overhead work: +1.86 µs, +0.36 µs, +11.4 µs, +2.97 KB). The wire figures
// were within this machine's noise (a bare-against-bare pair differed by up
// to 8%); bench/wire-loop.ts counts instructions instead (see its header).
import type { ChatModel, ChatRequest } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '../src/with-resilience.ts';
import { answerText, sseEvents } from './bench-payload.ts';
import { createInstantChatModel, instantPartCount } from './instant-chat-model.ts';
import { startFakeOpenAIServer } from './start-fake-openai-server.ts';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key!, value];
  }),
);
const rounds = Number(args.get('rounds') ?? 10);
const only = args.get('only');
const slices = 6;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined)
  throw new Error('Run with --expose-gc, so every slice starts from a full GC.');

interface Client {
  readonly name: string;
  readonly model: ChatModel;
}

interface Figure {
  readonly name: string;
  readonly unit: string;
  /** Operations per client and slice. */
  readonly perSlice: number;
  /** Runs one operation; returns the units it counts (parts, requests) and its first-part time. */
  readonly run: (model: ChatModel) => Promise<{ readonly units: number; readonly firstMs: number }>;
  /** `cpu`: CPU µs per unit; `first`: median ms (or µs) to the first text part. */
  readonly kind: 'cpu' | 'first';
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'Say something long.' }] };

async function generateOnce(model: ChatModel): Promise<{ units: number; firstMs: number }> {
  const result = await model.generate(request);
  if (result.text !== answerText) throw new Error(`${model.provider}: wrong answer`);
  return { units: 1, firstMs: 0 };
}

async function streamOnce(
  model: ChatModel,
  unitsPerStream: number,
): Promise<{ units: number; firstMs: number }> {
  const startedAt = performance.now();
  const stream = await model.stream(request);
  let firstMs = -1;
  let text = '';
  for await (const part of stream) {
    if (part.type !== 'text-delta') continue;
    if (firstMs < 0) firstMs = performance.now() - startedAt;
    text += part.delta;
  }
  if (text !== answerText) throw new Error(`${model.provider}: wrong streamed answer`);
  return { units: unitsPerStream, firstMs };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

function summary(values: readonly number[]): { median: number; spread: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const spread = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2 / median;
  return { median, spread };
}

const signed = (value: number, digits: number): string =>
  `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

/**
 * One table row: each client's median ± half the IQR, then the added cost
 * (median of the per-round differences) and the overhead (median of the
 * per-round ratios, minus one).
 */
function row(suite: string, figure: string, unit: string, perRound: readonly number[][]): string {
  const [bare, wrapped] = perRound.map(summary);
  const [bareRounds, wrappedRounds] = perRound as [number[], number[]];
  const added = summary(wrappedRounds.map((value, round) => value - bareRounds[round]!)).median;
  const ratio = summary(wrappedRounds.map((value, round) => value / bareRounds[round]!)).median;
  const cell = (value: { median: number; spread: number }): string =>
    `${value.median.toFixed(2)} ${unit} ±${(value.spread * 100).toFixed(0)}%`;
  return `| ${suite} | ${figure} | ${cell(bare!)} | ${cell(wrapped!)} | ${signed(added, 2)} ${unit} | ${signed((ratio - 1) * 100, 1)}% |`;
}

async function measure(
  suite: string,
  clients: readonly [Client, Client],
  figures: readonly Figure[],
): Promise<string[]> {
  // Warm up every path (JIT, connection pool) before measuring.
  for (const figure of figures) {
    for (const client of clients) {
      for (let index = 0; index < figure.perSlice * 2; index++) await figure.run(client.model);
    }
  }
  const lines: string[] = [];
  for (const figure of figures) {
    const perRound = clients.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      const cpu = clients.map(() => 0);
      const units = clients.map(() => 0);
      const firsts = clients.map(() => [] as number[]);
      gc!();
      for (let slice = 0; slice < slices; slice++) {
        const order = (round + slice) % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order) {
          const model = clients[index]!.model;
          const before = process.cpuUsage();
          for (let op = 0; op < figure.perSlice; op++) {
            const outcome = await figure.run(model);
            units[index]! += outcome.units;
            firsts[index]!.push(outcome.firstMs);
          }
          const used = process.cpuUsage(before);
          cpu[index]! += used.user + used.system;
        }
      }
      for (const index of [0, 1]) {
        perRound[index]!.push(
          figure.kind === 'cpu'
            ? cpu[index]! / units[index]!
            : summary(firsts[index]!).median * 1000,
        );
      }
    }
    lines.push(row(suite, figure.name, figure.unit, perRound));
    process.stderr.write(`${lines.at(-1)!}\n`);
  }
  return lines;
}

/**
 * V8 heap held per open stream: `count` streams opened and read up to
 * their first text part, held open by the model; the heap with them open
 * minus the heap once they are closed, each after full GCs.
 */
async function measureHeap(
  suite: string,
  clients: readonly [Client, Client],
  count: number,
): Promise<string> {
  // Weakly held objects (AbortSignal.any's sources) are freed a turn after a GC.
  const settle = async (): Promise<number> => {
    for (let pass = 0; pass < 3; pass++) {
      gc!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().heapUsed;
  };
  const openOne = async (model: ChatModel): Promise<AsyncIterator<unknown>> => {
    const parts = (await model.stream(request))[Symbol.asyncIterator]();
    for (;;) {
      const next = await parts.next();
      if (next.done === true || (next.value as { type: string }).type === 'text-delta') break;
    }
    return parts;
  };
  const perRound = clients.map(() => [] as number[]);
  // Round -1 warms up and is not counted.
  for (let round = -1; round < rounds; round++) {
    for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const model = clients[index]!.model;
      const open: AsyncIterator<unknown>[] = [];
      for (let stream = 0; stream < count; stream++) open.push(await openOne(model));
      const withStreams = await settle();
      for (const parts of open) await parts.return?.();
      open.length = 0;
      // Measured against the heap right after, so the garbage of opening them does not count.
      const held = withStreams - (await settle());
      if (round >= 0) perRound[index]!.push(held / count / 1024);
    }
  }
  const line = row(suite, 'heap/open stream', 'KB', perRound);
  process.stderr.write(`${line}\n`);
  return line;
}

const table = [
  `withResilience (defaults) over a bare model: ${rounds} rounds × ${slices} slices, Node ${process.version}`,
  '',
  '| model | figure | bare | withResilience | added | overhead |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
];

if (only === undefined || only === 'instant') {
  const instant = await createInstantChatModel();
  table.push(
    ...(await measure(
      'instant',
      [
        { name: 'bare', model: instant },
        { name: 'withResilience', model: withResilience(instant) },
      ],
      [
        { name: 'CPU/request', unit: 'µs', perSlice: 2000, kind: 'cpu', run: generateOnce },
        {
          name: 'CPU/part',
          unit: 'µs',
          perSlice: 40,
          kind: 'cpu',
          run: (model) => streamOnce(model, instantPartCount),
        },
        {
          name: 'first part',
          unit: 'µs',
          perSlice: 40,
          kind: 'first',
          run: (model) => streamOnce(model, instantPartCount),
        },
      ],
    )),
  );
  const holding = await createInstantChatModel({ hold: true });
  table.push(
    await measureHeap(
      'instant',
      [
        { name: 'bare', model: holding },
        { name: 'withResilience', model: withResilience(holding) },
      ],
      1000,
    ),
  );
}

if (only === undefined || only === 'wire') {
  const server = await startFakeOpenAIServer();
  try {
    const adapter = createOpenAIHttp({ apiKey: 'sk-bench', baseURL: `${server.url}/v1` })(
      'gpt-4o-mini',
    );
    table.push(
      ...(await measure(
        'openai-http',
        [
          { name: 'bare', model: adapter },
          { name: 'withResilience', model: withResilience(adapter) },
        ],
        [
          { name: 'CPU/request', unit: 'µs', perSlice: 80, kind: 'cpu', run: generateOnce },
          {
            name: 'CPU/chunk',
            unit: 'µs',
            perSlice: 6,
            kind: 'cpu',
            run: (model) => streamOnce(model, sseEvents.length),
          },
          {
            name: 'first part',
            unit: 'µs',
            perSlice: 6,
            kind: 'first',
            run: (model) => streamOnce(model, sseEvents.length),
          },
        ],
      )),
    );
  } finally {
    await server.stop();
  }
}

process.stdout.write(`${table.join('\n')}\n`);
