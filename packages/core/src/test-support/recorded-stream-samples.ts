// The fuzz corpus of one wire: every recorded 2xx event stream of the peers
// fixtures, plus streams the test kit's fake server renders from scripts.
// Not exported; the adapters' fuzz tests import it by path and pass in the
// test kit's functions (core cannot depend on the test kit).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FuzzWire, StreamSample } from './stream-fuzz.ts';

/** The parts of `@org/llm-testkit` the corpus needs. */
export interface SampleSources<Script> {
  /** `peersDirStatus` of the test kit. */
  readonly peersDirStatus: () =>
    | { readonly found: true; readonly dir: string }
    | { readonly found: false; readonly reason: string };
  /** `loadRecordedExchanges` of the test kit. */
  readonly loadRecordedExchanges: (path: string) => readonly {
    readonly name: string;
    readonly response: {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };
  }[];
  /** A started fake provider server. */
  readonly startServer: () => Promise<{
    readonly url: string;
    readonly openaiBaseURL: string;
    enqueue(...scripts: Script[]): void;
    close(): Promise<void>;
  }>;
  /** Scripts to render as streams. */
  readonly scripts: readonly Script[];
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (!entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Recorded streams of `wire`, or none (with the reason printed) without the peers folder. */
function recordedStreams<Script>(wire: FuzzWire, sources: SampleSources<Script>): StreamSample[] {
  const peers = sources.peersDirStatus();
  if (!peers.found) {
    console.warn(`Fuzzing with rendered streams only; recorded ones skipped: ${peers.reason}`);
    return [];
  }
  const fixtures = join(peers.dir, 'fixtures');
  const samples: StreamSample[] = [];
  for (const file of filesUnder(join(fixtures, wire))) {
    let exchanges;
    try {
      exchanges = sources.loadRecordedExchanges(relative(fixtures, file));
    } catch {
      continue; // Not a recording (a licence file).
    }
    for (const exchange of exchanges) {
      const { status, headers, body } = exchange.response;
      const stream = (headers['content-type'] ?? '').startsWith('text/event-stream');
      if (status === 200 && stream && body !== '') samples.push({ name: exchange.name, body });
    }
  }
  return samples;
}

/** Renders each script as the fake server streams it. */
async function renderedStreams<Script>(
  wire: FuzzWire,
  sources: SampleSources<Script>,
): Promise<StreamSample[]> {
  const server = await sources.startServer();
  try {
    const samples: StreamSample[] = [];
    for (const [index, script] of sources.scripts.entries()) {
      server.enqueue(script);
      const url =
        wire === 'openai'
          ? `${server.openaiBaseURL}/chat/completions`
          : `${server.url}/v1/messages`;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': 'k',
          authorization: 'Bearer k',
        },
        body: JSON.stringify({
          model: wire === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5',
          max_tokens: 100,
          stream: true,
          stream_options: wire === 'openai' ? { include_usage: true } : undefined,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      });
      samples.push({ name: `script #${index + 1}`, body: await response.text() });
    }
    return samples;
  } finally {
    await server.close();
  }
}

/** The corpus of one wire: recorded streams, then rendered ones. */
export async function loadStreamSamples<Script>(
  wire: FuzzWire,
  sources: SampleSources<Script>,
): Promise<StreamSample[]> {
  return [...recordedStreams(wire, sources), ...(await renderedStreams(wire, sources))];
}
