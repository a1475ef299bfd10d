// docs/concepts/conversations.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/conversations.ts`.
import {
  Conversation,
  ConversationConflictError,
  InMemoryConversationStore,
  ServerError,
  lastMessages,
  tool,
  type AppendOptions,
  type ChatMessage,
  type ChatModel,
  type ConversationInfo,
  type ConversationList,
  type ConversationMetadata,
  type ConversationPage,
  type ConversationStore,
  type ConversationSummary,
  type CreateConversationOptions,
  type ListConversationsOptions,
  type LoadPageOptions,
  type MemoryPolicy,
  type StoredConversation,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { z } from 'zod';

/** A support chat: pinned system prompt, the last 20 messages sent, settings for every turn. */
export function supportChat(model: ChatModel, store: ConversationStore, id: string): Conversation {
  return new Conversation({
    model,
    id,
    store,
    system: 'You are a support agent for Acme. Be brief.',
    memory: lastMessages(20),
    settings: { temperature: 0.2, maxOutputTokens: 500 },
  });
}

/** Two turns; the second sees the first. */
export async function twoTurns(chat: Conversation): Promise<string> {
  await chat.send('Hi, I am Ada.');
  const reply = await chat.send('What is my name?', { temperature: 0 });
  return reply.text;
}

/** A store that delegates and counts the conflicts it refuses. */
export class CountingStore implements ConversationStore {
  conflicts = 0;
  readonly #inner: ConversationStore;
  constructor(inner: ConversationStore) {
    this.#inner = inner;
  }
  async append(id: string, messages: readonly ChatMessage[], options: AppendOptions) {
    try {
      return await this.#inner.append(id, messages, options);
    } catch (error) {
      if (ConversationConflictError.isInstance(error)) this.conflicts++;
      throw error;
    }
  }
  // The other methods delegate unchanged.
  create(id: string, options?: CreateConversationOptions): Promise<ConversationInfo> {
    return this.#inner.create(id, options);
  }
  load(id: string): Promise<StoredConversation | undefined> {
    return this.#inner.load(id);
  }
  loadPage(id: string, options?: LoadPageOptions): Promise<ConversationPage | undefined> {
    return this.#inner.loadPage(id, options);
  }
  list(options?: ListConversationsOptions): Promise<ConversationList> {
    return this.#inner.list(options);
  }
  setMetadata(id: string, metadata: ConversationMetadata): Promise<ConversationInfo> {
    return this.#inner.setMetadata(id, metadata);
  }
  saveSummary(id: string, summary: ConversationSummary): Promise<void> {
    return this.#inner.saveSummary(id, summary);
  }
  delete(id: string): Promise<void> {
    return this.#inner.delete(id);
  }
}

/** Each stored turn as the user saw it; a stream that broke off is kept as `interrupted`. */
export async function transcript(chat: Conversation): Promise<string[]> {
  return (await chat.turns()).map((turn) => {
    const answer = turn.messages.at(-1);
    const text =
      typeof answer?.content === 'string'
        ? answer.content
        : (answer?.content[0] as { text?: string } | undefined)?.text;
    return `${turn.version} ${turn.status}: ${text ?? ''}`;
  });
}

/** Two processes (here: two instances) answer in the same conversation at once. */
export async function twoWriters(model: ChatModel, store: ConversationStore): Promise<number> {
  const inWorkerA = new Conversation({ model, store, id: 'ticket-7' });
  const inWorkerB = new Conversation({ model, store, id: 'ticket-7' });
  await Promise.all([inWorkerA.send('From the web app'), inWorkerB.send('From the mobile app')]);
  return (await inWorkerA.messages()).length;
}

/** A custom memory policy: drop the oldest messages while the history is over a size. */
export function characterBudget(maxCharacters: number): MemoryPolicy {
  const size = (message: ChatMessage): number => JSON.stringify(message.content).length;
  return {
    select(messages) {
      let start = 0;
      let total = messages.reduce((sum, message) => sum + size(message), 0);
      while (total > maxCharacters && start < messages.length - 1) {
        total -= size(messages[start]!);
        start++;
      }
      // Start at a user message, so no tool result loses its tool call.
      while (start < messages.length - 1 && messages[start]!.role !== 'user') start++;
      return messages.slice(start);
    },
  };
}

const lookUpOrder = tool({
  name: 'look_up_order',
  description: 'Status of an order by its number.',
  inputSchema: z.object({ orderId: z.number() }),
  execute: ({ orderId }) => ({ orderId, status: 'shipped' }),
});

/** A streamed turn with tools: every step streams; the turn is stored at the end. */
export async function streamedTurn(chat: Conversation, question: string): Promise<string> {
  const stream = await chat.stream(question);
  let shown = '';
  for await (const part of stream) {
    if (part.type === 'text-delta') shown += part.delta;
    if (part.type === 'tool-call') shown += `[${part.toolName}]`;
  }
  return shown;
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const remembering = new MockChatModel({
    respond: (request) => {
      const said = JSON.stringify(request.messages);
      return said.includes('Ada') ? 'Your name is Ada.' : 'I do not know.';
    },
  });
  const store = new InMemoryConversationStore();
  const chat = supportChat(remembering, store, 'chat-1');
  const answer = await twoTurns(chat);

  const counting = new CountingStore(new InMemoryConversationStore());
  const echo = new MockChatModel({ respond: () => 'Noted.' });
  const stored = await twoWriters(echo, counting);

  const windowed = new MockChatModel({ respond: () => 'OK.' });
  const short = new Conversation({ model: windowed, memory: lastMessages(3) });
  for (const text of ['one', 'two', 'three']) await short.send(text);

  const budgeted = new MockChatModel({ respond: () => 'OK.' });
  const small = new Conversation({ model: budgeted, memory: characterBudget(30) });
  for (const text of ['first message', 'second message', 'third']) await small.send(text);

  let call = 0;
  const support = new MockChatModel({
    respond: (request) =>
      request.messages.at(-1)?.role === 'tool'
        ? { text: 'Order 17 has shipped.' }
        : {
            text: 'Let me look. ',
            toolCalls: [
              { toolCallId: `call_${++call}`, toolName: 'look_up_order', input: { orderId: 17 } },
            ],
          },
  });
  const withTools = new Conversation({ model: support, tools: [lookUpOrder] });
  const shown = await streamedTurn(withTools, 'Where is order 17?');

  const flaky = new MockChatModel({
    responses: [
      {
        chunks: ['The parcel ', 'left Paris ', 'on Monday'],
        failAfterChunks: { chunks: 2, error: new ServerError('connection reset') },
      },
      'It arrives on Friday.',
    ],
  });
  const tracking = new Conversation({ model: flaky });
  await (await tracking.stream('Where is my parcel?')).text().catch(() => undefined);
  await tracking.send('When will it arrive?');

  return {
    answer,
    sent: remembering.lastRequest.messages.length,
    settings: [remembering.calls[0]?.request.temperature, remembering.lastRequest.temperature],
    history: (await chat.messages()).map((message) => message.role),
    twoWriters: { stored, conflicts: counting.conflicts },
    lastThree: windowed.lastRequest.messages.map((message) => message.role),
    storedAll: (await short.messages()).length,
    budget: budgeted.lastRequest.messages.map((message) => message.content),
    streamed: shown,
    streamedHistory: (await withTools.messages()).map((message) => message.role),
    interrupted: await transcript(tracking),
    replayed: flaky.lastRequest.messages.length,
  };
}

if (import.meta.main) console.log(await main());
