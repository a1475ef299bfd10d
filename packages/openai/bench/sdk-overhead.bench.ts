// CPU of @org/llm-openai against the bare openai SDK it wraps, per request
// and per streamed chunk, on the recorded gpt-4.1-nano answer served by the
// fake server in a child process. Batches alternate between the two clients
// and the ratio is the median of the per-batch ratios, which is steadier on a
// shared machine than either absolute figure.
//
// Run from packages/openai:
//   node --conditions=@org/source --expose-gc bench/sdk-overhead.bench.ts
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { createOpenAI } from '../src/index.ts';

const child = spawn(
  process.execPath,
  ['--conditions=@org/source', new URL('./fake-server-child.ts', import.meta.url).pathname],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const baseURL = await new Promise<string>((resolve) => {
  createInterface({ input: child.stdout }).once('line', (line) => {
    resolve((JSON.parse(line) as { url: string }).url);
  });
});

const apiKey = 'sk-bench-0123456789';
const messages = [{ role: 'user' as const, content: 'Say something.' }];
const sdk = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 600_000 });
const model = createOpenAI({ baseURL, apiKey })('gpt-4.1-nano');

type Client = { generate(): Promise<number>; stream(): Promise<number> };
const clients: Record<'sdk' | 'ours', Client> = {
  sdk: {
    generate: async () => {
      const completion = await sdk.chat.completions.create({ model: 'gpt-4.1-nano', messages });
      return completion.choices[0]!.message.content!.length;
    },
    stream: async () => {
      const chunks = await sdk.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      // Reads each text delta, as the adapter's reader below does.
      let count = 0;
      for await (const chunk of chunks) if (chunk.choices[0]?.delta.content) count++;
      return count;
    },
  },
  ours: {
    generate: async () => (await model.generate({ messages })).text.length,
    stream: async () => {
      let count = 0;
      for await (const part of await model.stream({ messages }))
        if (part.type === 'text-delta') count++;
      return count;
    },
  },
};

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function batch(client: Client, kind: 'generate' | 'stream', count: number): Promise<number> {
  globalThis.gc?.();
  const start = cpuMicros();
  for (let index = 0; index < count; index++) await client[kind]();
  return (cpuMicros() - start) / count;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const rounds = Number(process.env.ROUNDS ?? 15);
for (const [kind, count, unit] of [
  ['generate', 200, 1],
  ['stream', 30, 302],
] as const) {
  for (const client of Object.values(clients)) await batch(client, kind, count); // warm up
  const ratios: number[] = [];
  const sdkFigures: number[] = [];
  const ourFigures: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bare = await batch(clients.sdk, kind, count);
    const ours = await batch(clients.ours, kind, count);
    sdkFigures.push(bare / unit);
    ourFigures.push(ours / unit);
    ratios.push(ours / bare);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q: number): string => sorted[Math.floor((sorted.length - 1) * q)]!.toFixed(2);
  console.log(
    `${kind === 'generate' ? 'CPU per request' : 'CPU per chunk (burst)'}: openai SDK ${median(sdkFigures).toFixed(1)} µs, @org/llm-openai ${median(ourFigures).toFixed(1)} µs, ratio ${median(ratios).toFixed(3)} (median of ${rounds} alternating batches; quartiles ${quartile(0.25)} to ${quartile(0.75)})`,
  );
}
child.stdin.end();
