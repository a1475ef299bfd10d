import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServerError } from '../errors/provider-errors.ts';
import { StreamConsumedError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { ChatStream } from '../stream/chat-stream.ts';
import { scriptedModel, textResult, toolCallResult } from '../test-support/scripted-model.ts';
import { tool } from '../tools/tool.ts';
import { Conversation } from './conversation.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';
import { lastMessages } from './memory-policy.ts';

const texts = (messages: readonly ChatMessage[]) =>
  messages.map((message) =>
    typeof message.content === 'string'
      ? `${message.role}:${message.content}`
      : `${message.role}:${message.content.map((part) => ('text' in part ? part.text : part.type)).join('|')}`,
  );

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A model whose answers the test releases one by one. */
function gatedModel(): ChatModel & { release: (text: string) => void; seen: ChatRequest[] } {
  const gates: ReturnType<typeof deferred<string>>[] = [];
  const gate = (index: number) => (gates[index] ??= deferred<string>());
  const seen: ChatRequest[] = [];
  let released = 0;
  return {
    ...scriptedModel([]),
    seen,
    release: (text) => {
      gate(released++).resolve(text);
    },
    generate: async (request) => {
      const index = seen.push(request) - 1;
      return textResult(await gate(index).promise);
    },
  };
}

describe('Conversation.send', () => {
  it('keeps the history and pins the system prompt outside it', async () => {
    const model = scriptedModel([textResult('Hello Ada.'), textResult('Your name is Ada.')]);
    const chat = new Conversation({ model, system: 'Be terse.', settings: { temperature: 0.1 } });
    await chat.send('I am Ada.');
    const reply = await chat.send('What is my name?', { maxOutputTokens: 20 });
    expect(reply.text).toBe('Your name is Ada.');
    expect(texts(model.requests[1]!.messages)).toEqual([
      'user:I am Ada.',
      'assistant:Hello Ada.',
      'user:What is my name?',
    ]);
    expect(model.requests[1]).toMatchObject({
      system: 'Be terse.',
      temperature: 0.1,
      maxOutputTokens: 20,
    });
    expect(texts(await chat.messages())).toEqual([
      'user:I am Ada.',
      'assistant:Hello Ada.',
      'user:What is my name?',
      'assistant:Your name is Ada.',
    ]);
  });

  it('accepts content parts and whole user messages', async () => {
    const model = scriptedModel([textResult('a'), textResult('b')]);
    const chat = new Conversation({ model });
    await chat.send([{ type: 'text', text: 'parts' }]);
    await chat.send({ role: 'user', content: 'message' });
    expect(texts(await chat.messages())).toEqual([
      'user:parts',
      'assistant:a',
      'user:message',
      'assistant:b',
    ]);
  });

  it('persists across instances that share a store', async () => {
    const store = new InMemoryConversationStore();
    await new Conversation({
      model: scriptedModel([textResult('first')]),
      id: 'thread-1',
      store,
    }).send('one');
    const model = scriptedModel([textResult('second')]);
    await new Conversation({ model, id: 'thread-1', store }).send('two');
    expect(texts(model.requests[0]!.messages)).toEqual(['user:one', 'assistant:first', 'user:two']);
    expect((await store.load('thread-1'))?.version).toBe(2);
  });

  it('leaves the history untouched when a turn fails', async () => {
    const chat = new Conversation({
      model: scriptedModel([textResult('ok'), new ServerError('down')]),
    });
    await chat.send('one');
    await expect(chat.send('two')).rejects.toThrow('down');
    expect(texts(await chat.messages())).toEqual(['user:one', 'assistant:ok']);
  });

  it('applies the memory policy to each request but stores everything', async () => {
    const model = scriptedModel([textResult('1'), textResult('2'), textResult('3')]);
    const chat = new Conversation({ model, memory: lastMessages(3) });
    await chat.send('a');
    await chat.send('b');
    await chat.send('c');
    expect(texts(model.requests[2]!.messages)).toEqual(['user:b', 'assistant:2', 'user:c']);
    expect(await chat.messages()).toHaveLength(6);
  });

  it('runs turns on one instance one at a time', async () => {
    const model = gatedModel();
    const chat = new Conversation({ model });
    const first = chat.send('first');
    const second = chat.send('second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(model.seen).toHaveLength(1);
    model.release('answer 1');
    await first;
    model.release('answer 2');
    await second;
    expect(texts(model.seen[1]!.messages)).toEqual([
      'user:first',
      'assistant:answer 1',
      'user:second',
    ]);
  });

  it('loses no turn when two writers append concurrently', async () => {
    const store = new InMemoryConversationStore();
    const modelA = gatedModel();
    const modelB = gatedModel();
    const a = new Conversation({ model: modelA, id: 'shared', store });
    const b = new Conversation({ model: modelB, id: 'shared', store });
    const turnA = a.send('from A');
    const turnB = b.send('from B');
    await new Promise((resolve) => setImmediate(resolve));
    expect([modelA.seen.length, modelB.seen.length]).toEqual([1, 1]);
    modelA.release('reply A');
    await turnA;
    modelB.release('reply B');
    await turnB;
    expect(texts((await store.load('shared'))!.messages)).toEqual([
      'user:from A',
      'assistant:reply A',
      'user:from B',
      'assistant:reply B',
    ]);
    expect(texts(await b.messages())).toHaveLength(4);
  });

  it('runs tools within a turn and stores every step', async () => {
    const add = tool({
      name: 'add',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const model = scriptedModel([
      toolCallResult([{ toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 2 } }]),
      textResult('4'),
    ]);
    const chat = new Conversation({ model, tools: [add] });
    const reply = await chat.send('2+2?');
    expect(reply.text).toBe('4');
    expect(reply.usage.inputTokens).toBe(12);
    expect(texts(await chat.messages())).toEqual([
      'user:2+2?',
      'assistant:tool-call',
      'tool:tool-result',
      'assistant:4',
    ]);
    expect(model.requests[0]!.tools?.map((definition) => definition.name)).toEqual(['add']);
  });

  it('switches models between turns', async () => {
    const first = scriptedModel([textResult('from first')]);
    const second = scriptedModel([textResult('from second')]);
    const chat = new Conversation({ model: first });
    await chat.send('a');
    chat.model = second;
    await chat.send('b');
    expect(texts(second.requests[0]!.messages)).toEqual([
      'user:a',
      'assistant:from first',
      'user:b',
    ]);
  });
});

describe('Conversation.stream', () => {
  it('stores the turn when the stream finishes', async () => {
    const chat = new Conversation({ model: scriptedModel([textResult('streamed answer')]) });
    const stream = await chat.stream('hi');
    const deltas: string[] = [];
    for await (const part of stream) if (part.type === 'text-delta') deltas.push(part.delta);
    expect(deltas.join('')).toBe('streamed answer');
    expect(texts(await chat.messages())).toEqual(['user:hi', 'assistant:streamed answer']);
  });

  it('stores nothing when the reader stops early, and frees the next turn', async () => {
    const chat = new Conversation({
      model: scriptedModel([textResult('long answer'), textResult('next')]),
    });
    const stream = await chat.stream('hi');
    for await (const part of stream) if (part.type === 'text-start') break;
    await expect(stream.final()).rejects.toThrow(StreamConsumedError);
    expect(await chat.messages()).toEqual([]);
    expect((await chat.send('again')).text).toBe('next');
  });

  it('abandons a streamed turn nobody reads when the next turn starts', async () => {
    const chat = new Conversation({
      model: scriptedModel([textResult('never read'), textResult('second')]),
    });
    const unread = await chat.stream('first');
    expect((await chat.send('second turn')).text).toBe('second');
    await expect(unread.final()).rejects.toThrow(StreamConsumedError);
    expect(texts(await chat.messages())).toEqual(['user:second turn', 'assistant:second']);
  });

  it('waits for a streamed turn that is being read', async () => {
    const chat = new Conversation({
      model: scriptedModel([textResult('first answer'), textResult('second')]),
    });
    const reading = await chat.stream('first');
    const iterator = reading[Symbol.asyncIterator]();
    await iterator.next();
    const next = chat.send('second turn');
    while (!(await iterator.next()).done) {
      // Reading the first turn to the end lets the second one run.
    }
    expect((await next).text).toBe('second');
    expect(texts(await chat.messages())).toEqual([
      'user:first',
      'assistant:first answer',
      'user:second turn',
      'assistant:second',
    ]);
  });

  it('frees the next turn when the stream cannot start', async () => {
    const chat = new Conversation({
      model: scriptedModel([new ServerError('down'), textResult('ok')]),
    });
    await expect(chat.stream('hi')).rejects.toThrow('down');
    expect((await chat.send('again')).text).toBe('ok');
  });

  it('streams every tool step and sums usage in the finish part', async () => {
    const add = tool({
      name: 'add',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const withText: ChatResult = {
      ...toolCallResult([{ toolCallId: 'c1', toolName: 'add', input: { a: 1, b: 2 } }]),
      content: [
        { type: 'text', text: 'Let me add. ' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: { a: 1, b: 2 } },
      ],
      text: 'Let me add. ',
    };
    const model = scriptedModel([withText, textResult('It is 3.')]);
    const chat = new Conversation({ model, tools: [add] });
    const stream = await chat.stream('1+2?');
    const parts: ChatStreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.filter((part) => part.type === 'text-start').map((part) => part.id)).toEqual([
      '0',
      '2:0',
    ]);
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    const final = await stream.final();
    expect(final.text).toBe('Let me add. It is 3.');
    expect(final.usage.inputTokens).toBe(12);
    expect(texts(await chat.messages())).toEqual([
      'user:1+2?',
      'assistant:Let me add. |tool-call',
      'tool:tool-result',
      'assistant:It is 3.',
    ]);
    expect(model.requests[1]!.messages.at(-1)).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'add', output: 3 }],
    });
  });

  it('stops after maxSteps model calls with the last results stored', async () => {
    const add = tool({
      name: 'add',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const loop = () =>
      toolCallResult([{ toolCallId: `c${Math.random()}`, toolName: 'add', input: { a: 1, b: 1 } }]);
    const model = scriptedModel([loop(), loop(), loop()]);
    const chat = new Conversation({ model, tools: [add], maxSteps: 2 });
    const final = await (await chat.stream('loop')).final();
    expect(final.finishReason.unified).toBe('tool-calls');
    expect(model.requests).toHaveLength(2);
    expect(texts(await chat.messages()).at(-1)).toBe('tool:tool-result');
  });

  it('passes the abort signal to the model stream', async () => {
    const controller = new AbortController();
    let signal: AbortSignal | undefined;
    const model: ChatModel = {
      ...scriptedModel([]),
      stream: (request) => {
        signal = request.abortSignal;
        return ChatStream.fromResult(textResult('x'), { provider: 'p', modelId: 'm' });
      },
    };
    await (
      await new Conversation({ model }).stream('hi', { abortSignal: controller.signal })
    ).final();
    expect(signal).toBe(controller.signal);
  });
});
