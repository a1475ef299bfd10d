// Type-checked in a fresh npm project against the installed declarations
// (src/install-tarballs.test.ts); the workspace type check covers it too.
// Each @ts-expect-error fails the check if a type turned into `any`.
import { Conversation, createRegistry, type ChatModel, type ChatResult } from '@org/llm-core';
import { createOpenAIHttp, type OpenAIHttpProvider } from '@org/llm-openai-http';
import { withResilience, type ResilienceChatModel } from '@org/llm-resilience';
import {
  MockChatModel,
  createFakeProviderServer,
  openai,
  type FakeProviderServer,
  type OpenAIRequestMessage,
} from '@org/llm-testkit';

const provider: OpenAIHttpProvider = createOpenAIHttp({ apiKey: 'sk-test' });
const registry = createRegistry({ openai: provider });
const resilient: ResilienceChatModel = withResilience(registry.chatModel('openai:gpt-4o-mini'), {
  retry: { maxAttempts: 2 },
});

/** Asks once and returns the text. */
export async function ask(model: ChatModel = resilient): Promise<string> {
  const result: ChatResult = await model.generate({
    messages: [{ role: 'user', content: 'Hi' }],
    temperature: 0.2,
  });
  return result.text;
}

/** Wrong requests do not compile. */
export async function wrongRequests(model: ChatModel): Promise<void> {
  // @ts-expect-error a user message needs content
  await model.generate({ messages: [{ role: 'user' }] });
  // @ts-expect-error temperature is a number
  await model.generate({ messages: [], temperature: 'hot' });
  // @ts-expect-error there is no role 'robot'
  await model.generate({ messages: [{ role: 'robot', content: 'Hi' }] });
}

/** The test kit's server and request bodies are typed. */
export async function serverTypes(): Promise<readonly OpenAIRequestMessage[]> {
  const server: FakeProviderServer = await createFakeProviderServer();
  server.enqueue(openai.text('Hi'));
  const model = createOpenAIHttp({ baseURL: server.openaiBaseURL, apiKey: 'sk-test' })(
    'gpt-4o-mini',
  );
  await new Conversation({ model }).send('Hello');
  // @ts-expect-error 'openai' is a wire, not an endpoint
  server.lastRequest.bodyAs('openai');
  await server.close();
  return server.lastRequest.bodyAs('openai-chat').messages;
}

/** A scripted model is a ChatModel. */
export const mock: ChatModel = new MockChatModel({ responses: ['ok'] });
