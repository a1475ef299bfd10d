// docs/getting-started.md quotes this file. Run it with
// `node --conditions=@org/source examples/getting-started.ts`.
import { Conversation, type ChatModel } from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';

// A scripted model: no network, no key. Swap in a real adapter later.
export const model: ChatModel = new MockChatModel({
  respond: (request) => `You said: ${JSON.stringify(request.messages.at(-1)?.content)}`,
});

/** One question, one complete answer. */
export async function ask(question: string): Promise<string> {
  const result = await model.generate({
    messages: [{ role: 'user', content: question }],
  });
  console.log(`${result.usage.inputTokens} tokens in, ${result.usage.outputTokens} out`);
  return result.text;
}

/** The same question, streamed: the text arrives piece by piece. */
export async function askStreaming(question: string, write: (text: string) => void) {
  const stream = await model.stream({ messages: [{ role: 'user', content: question }] });
  for await (const text of stream.textStream) write(text);
  const result = await stream.final();
  return result.finishReason.unified;
}

/** A conversation keeps the history for you. */
export async function chat(): Promise<number> {
  const conversation = new Conversation({ model, system: 'You are a concise assistant.' });
  await conversation.send('Hello!');
  await conversation.send('How are you?');
  const history = await conversation.messages();
  return history.length;
}

/** Everything above; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  let streamed = '';
  const log = console.log;
  const logged: unknown[] = [];
  console.log = (...args: unknown[]) => logged.push(...args);
  try {
    return {
      ask: await ask('What is 2 + 2?'),
      logged,
      finish: await askStreaming('Stream this', (text) => (streamed += text)),
      streamed,
      historyLength: await chat(),
    };
  } finally {
    console.log = log;
  }
}

if (import.meta.main) {
  console.log(await ask('What is 2 + 2?'));
  await askStreaming('Stream this', (text) => process.stdout.write(text));
  console.log(`\n${await chat()} messages stored`);
}
