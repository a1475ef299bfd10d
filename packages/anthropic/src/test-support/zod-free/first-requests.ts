// An application's first calls against the fake server: a generate, a
// stream and a token count, with a cache breakpoint in the provider options.
// None needs zod.
import { createFakeProviderServer, anthropic } from '@org/llm-testkit';
import { createAnthropic } from '../../index.ts';

await using server = await createFakeProviderServer();
const messages = [{ role: 'user' as const, content: 'Hi' }];
const model = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'k' })(
  'claude-sonnet-5-5',
);
server.enqueue(anthropic.text('Hello'), anthropic.text('Hello'), anthropic.countTokens(12));
await model.generate({
  messages,
  providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
});
await (await model.stream({ messages })).final();
await model.countTokens({ messages });
