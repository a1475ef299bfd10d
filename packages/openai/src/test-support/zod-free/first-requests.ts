// An application's first calls against the fake server: a generate and a
// stream. None needs zod.
import { createFakeProviderServer, openai } from '@org/llm-testkit';
import { createOpenAI } from '../../index.ts';

await using server = await createFakeProviderServer();
const messages = [{ role: 'user' as const, content: 'Hi' }];
const model = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: 'k' })('gpt-6-luna');
server.enqueue(openai.text('Hello'), openai.text('Hello'));
await model.generate({ messages });
await (await model.stream({ messages })).final();
