// The gateway under test, in its own process: @org/llm-gateway in front of
// the fake server through @org/llm-openai-http, with in-memory state and a
// key that has (very high) RPM/TPM limits, so the limiter's work is counted.
// argv[2]: the fake server's origin. Prints {"url": ...} once listening.
// A line "cpu" on standard input answers {"cpuMicros": n} (user + system
// time of this process since it started); the input closing stops it.
import { createInterface } from 'node:readline';
import { createRegistry } from '@org/llm-core';
import { createGateway, hashGatewayKey } from '@org/llm-gateway';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { gatewayBenchKey } from './gateway-payload.ts';

const origin = process.argv[2]!;
const openai = createOpenAIHttp({ baseURL: `${origin}/v1`, apiKey: 'sk-bench-provider-key' });
const registry = createRegistry({ openai }, { aliases: { 'gpt-4o-mini': 'openai:gpt-4o-mini' } });
const gateway = createGateway({
  registry,
  models: ['gpt-4o-mini'],
  keys: [
    { id: 'bench', sha256: hashGatewayKey(gatewayBenchKey), rpm: 10_000_000, tpm: 10_000_000_000 },
  ],
});
const { url } = await gateway.listen(0, '127.0.0.1');

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'cpu') {
    const usage = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMicros: usage.user + usage.system })}\n`);
  }
});
lines.on('close', () => {
  void gateway.close().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ url })}\n`);
