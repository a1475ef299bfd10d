// The fake server for sdk-overhead.bench.ts, in its own process so that its
// CPU never shows in the client's process.cpuUsage(). Prints its URL, then
// serves the recorded gpt-4.1-nano answer (JSON or a 302-chunk stream,
// written at once) to every request until its standard input closes.
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';
import { createFakeProviderServer, openai } from '@org/llm-testkit';

const peers = peersDirStatus();
if (!peers.found)
  throw new Error(`The SDK overhead benchmark replays recordings, but ${peers.reason}.`);
const recording = (name: string): string => join(peers.dir, 'fixtures', 'openai', name);

const server = await createFakeProviderServer();
const json = openai.fixture(recording('vercel-ai/openai-text.json'));
const stream = openai.fixture(recording('vercel-ai/openai-text.chunks.txt'));
server.handle((request) => {
  // The server records every request; keep the record short.
  (server.requests as unknown[]).length = 0;
  return (request.body as { stream?: boolean }).stream === true ? stream : json;
});
console.log(JSON.stringify({ url: server.openaiBaseURL }));
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
