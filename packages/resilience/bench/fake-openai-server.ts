// The wire benchmark's fake OpenAI server, run in its own process by
// resilience-overhead.ts so its CPU never shows in the client's
// process.cpuUsage(). Prints {"url": "http://127.0.0.1:<port>"} once
// listening; stops when its standard input closes.
import { createFakeProviderServer, openai, type FakeScriptHandler } from '@org/llm-testkit';
import { answerText, sseBody } from './bench-payload.ts';

const json = openai.raw({
  body: JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answerText },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 300, total_tokens: 312 },
  }),
});
// The whole stream in one write: the per-chunk cost is then the client's alone.
const burst = openai.raw({ chunks: [sseBody] });

const server = await createFakeProviderServer();
// The server records every request; a benchmark sends tens of thousands.
const resetEvery = 500;
let sinceReset = 0;
const handler: FakeScriptHandler = (request) => {
  if (++sinceReset >= resetEvery) {
    sinceReset = 0;
    server.reset();
    server.handle(handler);
  }
  return (request.body as { stream?: unknown } | undefined)?.stream === true ? burst : json;
};
server.handle(handler);

process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
