// The benchmark's fake provider server, run in its own process by run.ts so
// that its CPU never shows in the clients' process.cpuUsage(). It prints one
// JSON line, {"url": "http://127.0.0.1:<port>"}, once listening, and stops
// when its standard input closes (the runner exited or stopped it) or on SIGTERM.
import {
  anthropic,
  createFakeProviderServer,
  openai,
  type FakeScript,
  type FakeScriptHandler,
} from '@org/llm-testkit';
import { loadPayloads, type WirePayload } from './payloads.ts';
import { firstPauseMs, holdMs, pacedEventMs, scenarios, type Scenario } from './scenario.ts';

type Wire = 'openai' | 'anthropic';
type Scripts = Record<Scenario | 'json', FakeScript>;

function scriptsFor(wire: Wire, payload: WirePayload): Scripts {
  const raw = (options: Parameters<typeof openai.raw>[0]): FakeScript =>
    wire === 'openai' ? openai.raw(options) : anthropic.raw(options);
  const head = payload.events.slice(0, payload.headEvents).join('');
  const rest = payload.events.slice(payload.headEvents).join('');
  return {
    json: raw({ body: payload.json }),
    burst: raw({ chunks: [payload.events.join('')] }),
    paced: raw({ chunks: payload.events, paceMs: pacedEventMs }),
    first: raw({ chunks: [head, rest], paceMs: firstPauseMs }),
    hold: raw({ chunks: [head, rest], paceMs: holdMs }),
  };
}

const payloads = loadPayloads();
const scripts: Record<Wire, Scripts> = {
  openai: scriptsFor('openai', payloads.openai),
  anthropic: scriptsFor('anthropic', payloads.anthropic),
};

const server = await createFakeProviderServer();

// The server records every request; a benchmark sends hundreds of thousands,
// so the record is cleared now and then (reset() also drops the handler).
const resetEvery = 500;
let sinceReset = 0;
const handler: FakeScriptHandler = (request) => {
  if (++sinceReset >= resetEvery) {
    sinceReset = 0;
    server.reset();
    server.handle(handler);
  }
  const wire: Wire = request.endpoint === 'openai-chat' ? 'openai' : 'anthropic';
  const streamed = (request.body as { stream?: unknown } | undefined)?.stream === true;
  if (!streamed) return scripts[wire].json;
  const scenario = scenarios.find((name) => request.path.startsWith(`/${name}/`));
  return scenario === undefined ? undefined : scripts[wire][scenario];
};
server.handle(handler);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
