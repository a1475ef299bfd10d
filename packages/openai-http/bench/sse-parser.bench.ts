// Microbenchmark: our SseParser against eventsource-parser (with the
// streaming TextDecoder it needs, since it takes strings), on a real
// recorded OpenAI stream. Run from packages/openai-http:
//   node --conditions=@org/source bench/sse-parser.bench.ts
// Reports CPU microseconds per event (process.cpuUsage), median of rounds,
// for three chunkings: one event per chunk (a paced stream), 16 KiB chunks
// (a stream written at once) and 7-byte chunks (worst case splitting).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createParser } from 'eventsource-parser';
import { SseParser } from '@org/llm-core/adapter-kit';

const peers = process.env.LLM_PEERS_DIR ?? resolve(import.meta.dirname, '../../../../shared/peers');
const lines = readFileSync(join(peers, 'fixtures/openai/vercel-ai/openai-text.chunks.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const encoder = new TextEncoder();
const eventTexts = [...lines.map((line) => `data: ${line}\n\n`), 'data: [DONE]\n\n'];
const whole = encoder.encode(eventTexts.join(''));
const eventCount = eventTexts.length;

function chunkBy(size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < whole.length; start += size)
    out.push(whole.subarray(start, start + size));
  return out;
}
const chunkings: Record<string, Uint8Array[]> = {
  'one event per chunk': eventTexts.map((text) => encoder.encode(text)),
  '16 KiB chunks': chunkBy(16 * 1024),
  '7-byte chunks': chunkBy(7),
};

type Run = (chunks: readonly Uint8Array[]) => number;

const ours: Run = (chunks) => {
  let seen = 0;
  const parser = new SseParser((event) => {
    seen += event.data.length;
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return seen;
};

const theirs: Run = (chunks) => {
  let seen = 0;
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent: (event) => {
      seen += event.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  return seen;
};

function cpuMicrosPerEvent(run: Run, chunks: readonly Uint8Array[], iterations: number): number {
  const start = process.cpuUsage();
  for (let index = 0; index < iterations; index++) run(chunks);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (iterations * eventCount);
}

if (ours(chunkings['16 KiB chunks']!) !== theirs(chunkings['16 KiB chunks']!))
  throw new Error('parsers disagree');
console.log(
  `${eventCount} events, ${whole.length} bytes; CPU µs per event, median of 9 rounds (lower is better)`,
);
for (const [name, chunks] of Object.entries(chunkings)) {
  const rounds: { ours: number; theirs: number }[] = [];
  for (let round = 0; round < 9; round++) {
    // Alternate which parser goes first, so neither always runs on a warmer heap.
    if (round % 2 === 0) {
      rounds.push({
        ours: cpuMicrosPerEvent(ours, chunks, 200),
        theirs: cpuMicrosPerEvent(theirs, chunks, 200),
      });
    } else {
      const theirsFirst = cpuMicrosPerEvent(theirs, chunks, 200);
      rounds.push({ ours: cpuMicrosPerEvent(ours, chunks, 200), theirs: theirsFirst });
    }
  }
  const median = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const a = median(rounds.map((r) => r.ours));
  const b = median(rounds.map((r) => r.theirs));
  console.log(
    `${name.padEnd(22)} ours ${a.toFixed(3)}  eventsource-parser ${b.toFixed(3)}  ratio ${(b / a).toFixed(2)}x`,
  );
}
