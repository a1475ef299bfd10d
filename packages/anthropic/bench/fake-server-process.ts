// The fake server for the benchmark, in its own process so that the
// benchmark's CPU figures hold only the client's work. Prints its URL.
import { anthropic, createFakeProviderServer } from '@org/llm-testkit';

const chunks = Array.from({ length: 200 }, (_, index) => `word${index} `);
const server = await createFakeProviderServer();
server.handle((request) => {
  const streamed = (request.body as { stream?: boolean } | undefined)?.stream === true;
  return streamed
    ? anthropic.text(chunks.join(''), { chunks, usage: { inputTokens: 12, outputTokens: 200 } })
    : anthropic.text('Hello there, this is a short answer.', {
        usage: { inputTokens: 12, outputTokens: 9 },
      });
});
console.log(server.anthropicBaseURL);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
