// An application's first calls over both transports, against the fake
// server: a generate and a stream each. None needs zod.
import { createFakeProviderServer, openai } from '@org/llm-testkit';
import { createOpenAIHttp } from '../../index.ts';

await using server = await createFakeProviderServer();
const messages = [{ role: 'user' as const, content: 'Hi' }];
for (const options of [
  {},
  { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) },
]) {
  const model = createOpenAIHttp({ baseURL: server.openaiBaseURL, apiKey: 'k', ...options })(
    'gpt-6-luna',
  );
  server.enqueue(openai.text('Hello'), openai.text('Hello'));
  await model.generate({ messages });
  await (await model.stream({ messages })).final();
}
