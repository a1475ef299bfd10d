// The gateway benchmark's fake provider server, in its own process: every
// Chat Completions request gets the same short answer (gateway-payload.ts),
// streamed or not as asked. Prints {"url": ...} once listening; stops when
// its standard input closes or on SIGTERM.
import { createFakeProviderServer, openai, type FakeScriptHandler } from '@org/llm-testkit';
import { gatewayAnswer } from './gateway-payload.ts';

const answer = openai.text(gatewayAnswer, { usage: { promptTokens: 24, completionTokens: 64 } });
const server = await createFakeProviderServer();
let sinceReset = 0;
const handler: FakeScriptHandler = () => {
  // The server records every request: clear the record now and then.
  if (++sinceReset >= 500) {
    sinceReset = 0;
    server.reset();
    server.handle(handler);
  }
  return answer;
};
server.handle(handler);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
