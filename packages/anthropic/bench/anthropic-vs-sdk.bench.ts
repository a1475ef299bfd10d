// Benchmark: @org/llm-anthropic against the bare @anthropic-ai/sdk it wraps,
// both talking to the fake server (run in a child process, so the figures
// hold only the client's CPU). Run from packages/anthropic:
//   taskset -c 0 node --conditions=@org/source --expose-gc bench/anthropic-vs-sdk.bench.ts
// (taskset keeps the benchmark off the server's CPU; plain node works too, noisier).
// Reports CPU microseconds (process.cpuUsage) per non-streamed request and
// per streamed chunk (a 200-chunk text stream), median of interleaved rounds, and the
// ratio ours / bare SDK.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '../src/index.ts';

// On Linux the server gets its own CPU (taskset), so the two processes do not take turns on one.
const serverArgs = [
  '--conditions=@org/source',
  new URL('./fake-server-process.ts', import.meta.url).pathname,
];
const pinned = process.platform === 'linux' && availableParallelism() > 1;
const child = pinned
  ? spawn('taskset', ['-c', '1', process.execPath, ...serverArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
  : spawn(process.execPath, serverArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const baseURL = line.toString().trim();

const apiKey = 'sk-ant-bench-0123456789';
const sdk = new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: 60_000, logLevel: 'off' });
const model = createAnthropic({ apiKey, baseURL, timeoutMs: 60_000 })('claude-haiku-4-5');
const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 64_000,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};
const request = { messages: [{ role: 'user' as const, content: 'Hi' }] };

/** Every consumer reads what it gets, as an application would. */
let seen = 0;

const scenarios: Record<string, () => Promise<void>> = {
  'bare SDK, generate': async () => {
    await sdk.messages.create(params);
  },
  'ours, generate': async () => {
    await model.generate(request);
  },
  'bare SDK, stream': async () => {
    const stream = await sdk.messages.create({ ...params, stream: true });
    for await (const event of stream) seen += event.type.length;
  },
  'ours, stream': async () => {
    const stream = await model.stream(request);
    for await (const part of stream) seen += part.type.length;
  },
};

const gc = (globalThis as { gc?: () => void }).gc;

async function cpuPerCall(run: () => Promise<void>, calls: number): Promise<number> {
  // A collection between batches keeps one scenario's garbage out of the next one's figure.
  gc?.();
  const start = process.cpuUsage();
  for (let index = 0; index < calls; index++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const rounds = 31;
const calls = 100;
const results: Record<string, number[]> = {};
for (const run of Object.values(scenarios)) await cpuPerCall(run, 30); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(scenarios))
    (results[name] ??= []).push(await cpuPerCall(run, calls));
}
const median = (values: number[]): number =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const figures = Object.fromEntries(
  Object.entries(results).map(([name, values]) => [name, median(values)]),
);
for (const [name, us] of Object.entries(figures)) {
  const perChunk = name.endsWith('stream') ? ` (${(us / 200).toFixed(2)} µs per chunk)` : '';
  console.log(`${name.padEnd(22)} ${us.toFixed(0).padStart(6)} µs CPU per call${perChunk}`);
}
console.log(
  `ratio generate: ${(figures['ours, generate']! / figures['bare SDK, generate']!).toFixed(3)}`,
);
console.log(
  `ratio stream:   ${(figures['ours, stream']! / figures['bare SDK, stream']!).toFixed(3)}`,
);
child.kill('SIGTERM');
if (seen === 0) throw new Error('the scenarios read nothing');
