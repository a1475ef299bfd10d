import { describe, expect, it } from 'vitest';
import { ConfigError, ConversationConflictError } from '../errors/library-errors.ts';
import { ServerError } from '../errors/provider-errors.ts';
import { StreamInterruptedError } from '../errors/transport-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { createUsage } from '../spec/usage.ts';
import { ChatStream } from '../stream/chat-stream.ts';
import { scriptedModel, textResult } from '../test-support/scripted-model.ts';
import { Conversation } from './conversation.ts';
import type { AppendOptions, ConversationStore } from './conversation-store.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';
import type { MemoryContext, MemoryPolicy } from './memory-policy.ts';

/** A model whose stream sends `text` in two deltas, then fails with `failure` (an abort when omitted). */
function breakingModel(
  text: string,
  failure: Error | undefined,
): ChatModel & { controller: AbortController } {
  const controller = new AbortController();
  return {
    ...scriptedModel([]),
    controller,
    stream: (request) =>
      ChatStream.from(
        (async function* (): AsyncGenerator<ChatStreamPart> {
          yield { type: 'stream-start', warnings: [] };
          yield { type: 'text-start', id: '0' };
          yield { type: 'text-delta', id: '0', delta: text.slice(0, 3) };
          yield { type: 'text-delta', id: '0', delta: text.slice(3) };
          if (failure !== undefined) throw failure;
          // What a fetch does when its signal aborts: it rejects with the signal's reason.
          controller.abort(new Error('stopped by the user'));
          throw controller.signal.reason;
        })(),
        { provider: 'scripted', modelId: 'scripted-1', abortSignal: request.abortSignal },
      ),
  };
}

const texts = (messages: readonly ChatMessage[]): string[] =>
  messages.map((message) =>
    typeof message.content === 'string'
      ? `${message.role}:${message.content}`
      : `${message.role}:${message.content.map((part) => ('text' in part ? part.text : part.type)).join('|')}`,
  );

describe('Conversation turns', () => {
  it('stores complete turns with their usage', async () => {
    const chat = new Conversation({
      model: scriptedModel([textResult('hello', { inputTokens: 9, outputTokens: 2 })]),
    });
    await chat.send('hi');
    const [turn] = await chat.turns();
    expect(turn).toMatchObject({ version: 1, status: 'complete' });
    expect(turn!.usage).toEqual(createUsage({ inputTokens: 9, outputTokens: 2 }));
  });

  it('stores a stream that broke after content as interrupted, with its partial text and usage', async () => {
    const store = new InMemoryConversationStore();
    const chat = new Conversation({
      model: breakingModel('Partial answer', new ServerError('connection reset')),
      store,
      id: 'c',
    });
    const stream = await chat.stream('question');
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const part of stream) if (part.type === 'text-delta') seen.push(part.delta);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(seen.join('')).toBe('Partial answer');
    const [turn] = await chat.turns();
    expect(turn!.status).toBe('interrupted');
    expect(texts(turn!.messages)).toEqual(['user:question', 'assistant:Partial answer']);
    expect(turn!.usage).toBeDefined();
    expect((await store.load('c'))!.version).toBe(1);
  });

  it('stores an aborted stream that had shown content as interrupted', async () => {
    const model = breakingModel('Half of it', undefined);
    const chat = new Conversation({ model });
    const stream = await chat.stream('question', { abortSignal: model.controller.signal });
    await expect(stream.text()).rejects.toThrow('stopped by the user');
    const [turn] = await chat.turns();
    expect(turn!.status).toBe('interrupted');
    expect(texts(turn!.messages)).toEqual(['user:question', 'assistant:Half of it']);
  });

  it('never sends an interrupted turn to the model again', async () => {
    const store = new InMemoryConversationStore();
    await new Conversation({
      model: breakingModel('Cut sh', new ServerError('reset')),
      store,
      id: 'c',
    })
      .stream('first question')
      .then((stream) => stream.text())
      .catch(() => undefined);
    const model = scriptedModel([textResult('full answer')]);
    const chat = new Conversation({ model, store, id: 'c' });
    await chat.send('second question');
    expect(texts(model.requests[0]!.messages)).toEqual(['user:second question']);
    expect(texts(await chat.messages())).toEqual([
      'user:first question',
      'assistant:Cut sh',
      'user:second question',
      'assistant:full answer',
    ]);
    expect((await chat.turns()).map((turn) => turn.status)).toEqual(['interrupted', 'complete']);
  });

  it('stores nothing when a non-streamed turn fails', async () => {
    const chat = new Conversation({ model: scriptedModel([new ServerError('down')]) });
    await expect(chat.send('hi')).rejects.toThrow('down');
    expect(await chat.turns()).toEqual([]);
  });

  it('gives the memory policy the model, the request and the complete turns', async () => {
    const contexts: MemoryContext[] = [];
    const spy: MemoryPolicy = {
      select(messages, context) {
        contexts.push(context!);
        return messages;
      },
    };
    const model = scriptedModel([textResult('1'), textResult('2')]);
    const chat = new Conversation({
      model,
      memory: spy,
      system: 'Be brief.',
      settings: { maxOutputTokens: 50 },
      id: 'ctx',
    });
    await chat.send('a');
    await chat.send('b', { temperature: 0 });
    const context = contexts[1]!;
    expect(context.conversationId).toBe('ctx');
    expect(context.model).toBe(model);
    expect(context.request).toMatchObject({
      system: 'Be brief.',
      maxOutputTokens: 50,
      temperature: 0,
    });
    expect(context.turns.map((turn) => turn.version)).toEqual([1]);
    await context.saveSummary({ fromVersion: 1, toVersion: 1, text: 'a then 1' });
    await chat.send('c').catch(() => undefined);
    expect(contexts[2]!.summaries.map((summary) => summary.text)).toEqual(['a then 1']);
  });

  it('gives up after maxAppendAttempts conflicts in a row', async () => {
    const inner = new InMemoryConversationStore();
    let appends = 0;
    const hostile: ConversationStore = {
      create: (id, options) => inner.create(id, options),
      load: (id) => inner.load(id),
      loadPage: (id, options) => inner.loadPage(id, options),
      list: (options) => inner.list(options),
      setMetadata: (id, metadata) => inner.setMetadata(id, metadata),
      saveSummary: (id, summary) => inner.saveSummary(id, summary),
      delete: (id) => inner.delete(id),
      // Another writer gets in first every time.
      async append(id: string, messages: readonly ChatMessage[], options: AppendOptions) {
        appends++;
        const current = (await inner.load(id))?.version ?? 0;
        await inner.append(id, [{ role: 'user', content: 'other writer' }], {
          expectedVersion: current,
        });
        return inner.append(id, messages, options);
      },
    };
    const chat = new Conversation({
      model: scriptedModel([textResult('x')]),
      store: hostile,
      maxAppendAttempts: 3,
    });
    const error = await chat.send('mine').catch((caught: unknown) => caught);
    expect(ConversationConflictError.isInstance(error)).toBe(true);
    expect(appends).toBe(3);
    expect(() => new Conversation({ model: scriptedModel([]), maxAppendAttempts: 0 })).toThrow(
      ConfigError,
    );
  });
});
