// Runs in a fresh npm project that installed the tarballs (src/install-tarballs.test.ts):
// core, an adapter and the resilience package against the test kit's fake
// server, on plain Node with the packages' built JavaScript. Prints what it saw
// as one JSON line.
/* global console, process */
import { Conversation } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '@org/llm-resilience';
import { createFakeProviderServer, openai } from '@org/llm-testkit';

const server = await createFakeProviderServer();
try {
  // A rate limit first: the resilience layer waits the Retry-After, then retries.
  server.enqueue(
    openai.rateLimited({ retryAfterMs: 5 }),
    openai.text('Hello from the tarballs.', { usage: { promptTokens: 12, completionTokens: 5 } }),
  );
  const adapter = createOpenAIHttp({ baseURL: server.openaiBaseURL, apiKey: 'sk-test' });
  const model = withResilience(adapter('gpt-4o-mini'), {
    retry: { maxAttempts: 2, random: () => 0 },
  });
  const chat = new Conversation({ model, system: 'Be brief.' });
  const stream = await chat.stream('Say hello.');
  let text = '';
  for await (const piece of stream.textStream) text += piece;
  const result = await stream.final();
  console.log(
    JSON.stringify({
      text,
      outputTokens: result.usage.outputTokens,
      requests: server.requests.length,
      sentModel: server.lastRequest.bodyAs('openai-chat').model,
      node: process.version,
      resolved: ['@org/llm-core', '@org/llm-openai-http', '@org/llm-resilience'].map((name) =>
        import.meta.resolve(name),
      ),
    }),
  );
} finally {
  await server.close();
}
