// A fixed number of calls over the wire, for instruction counts: CPU time on
// this shared two-core machine moves by ±5–10% between runs, instruction
// counts by about ±2%. The fake server runs in its own process, which
// valgrind does not trace:
//   cd packages/resilience
//   for n in 20 520; do
//     valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
//       "$(command -v node)" --conditions=@org/source bench/wire-loop.ts <client> <generate|stream> $n 2>&1 | grep Collected
//   done
// (difference of the two counts / 500 = instructions per call; each run takes a few minutes).
// <client>: bare, resilience (withResilience, default options) or
// resilience-no-header (the same with attemptHeader: false).
//
// Last counts (2026-11-26, Node 24.21), per call, (320-call run − 20-call
// run) / 300: stream (300 parts) bare 5.39–5.49 M instructions, resilience
// +156 K to +231 K (+2.8% to +4.3%, two runs); generate bare 0.96 M,
// resilience +5 K (+0.5%) in one run and +273 K in another that the next
// pair did not repeat: the JIT does not always end up with the same code,
// so compare two or three runs per client.
import type { ChatModel, ChatRequest } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '../src/with-resilience.ts';
import { answerText } from './bench-payload.ts';
import { startFakeOpenAIServer } from './start-fake-openai-server.ts';

const [client = 'bare', operation = 'stream', countText = '20'] = process.argv.slice(2);
if (
  !['bare', 'resilience', 'resilience-no-header'].includes(client) ||
  !['generate', 'stream'].includes(operation)
) {
  throw new Error(
    'usage: wire-loop.ts <bare|resilience|resilience-no-header> <generate|stream> [count]',
  );
}
const count = Number(countText);
const request: ChatRequest = { messages: [{ role: 'user', content: 'Say something long.' }] };

const server = await startFakeOpenAIServer();
try {
  const adapter = createOpenAIHttp({ apiKey: 'sk-bench', baseURL: `${server.url}/v1` })(
    'gpt-4o-mini',
  );
  const model: ChatModel =
    client === 'bare'
      ? adapter
      : withResilience(adapter, {
          retry: client === 'resilience' ? {} : { attemptHeader: false },
        });
  for (let index = 0; index < count; index++) {
    const text =
      operation === 'generate'
        ? (await model.generate(request)).text
        : await (await model.stream(request)).text();
    if (text !== answerText) throw new Error(`${client}: wrong answer`);
  }
} finally {
  await server.stop();
}
