import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/library-errors.ts';
import { ContextLengthExceededError } from '../errors/provider-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import { scriptedModel, textResult } from '../test-support/scripted-model.ts';
import { Conversation } from './conversation.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';
import type { MemoryContext } from './memory-policy.ts';
import { tokenBudget } from './token-budget.ts';
import type { TokenCounter } from './token-counter.ts';

/** One token per character of text, none for framing; the system prompt counts too. */
function charCounter(): TokenCounter & { counted: ChatMessage[] } {
  const counted: ChatMessage[] = [];
  const size = (message: ChatMessage): number =>
    typeof message.content === 'string'
      ? message.content.length
      : message.content.reduce((total, part) => total + ('text' in part ? part.text.length : 5), 0);
  return {
    id: 'chars',
    counted,
    countMessages(messages) {
      counted.push(...messages);
      return messages.map(size);
    },
    countOverhead: (request) => request.system?.length ?? 0,
  };
}

const user = (text: string): ChatMessage => ({ role: 'user', content: text });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', content: text });
const texts = (messages: readonly ChatMessage[]): string[] =>
  messages.map((message) =>
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => ('text' in part ? part.text : part.type)).join('|'),
  );

function windowModel(contextWindow: number | undefined, maxOutputTokens?: number): ChatModel {
  return scriptedModel([], { contextWindow, maxOutputTokens });
}

function context(model: ChatModel, request: MemoryContext['request'] = {}): MemoryContext {
  return {
    conversationId: 'c',
    model,
    request,
    turns: [],
    summaries: [],
    saveSummary: () => Promise.resolve(),
  };
}

describe('tokenBudget', () => {
  it('sends everything that fits, system messages pinned first', async () => {
    const policy = tokenBudget({ counter: charCounter(), marginTokens: 0 });
    const history = [
      user('aaaa'),
      { role: 'system', content: 'sys' } as ChatMessage,
      assistant('bbbb'),
      user('cc'),
    ];
    const selected = await policy.select(history, context(windowModel(100, 10)));
    expect(texts(selected)).toEqual(['sys', 'aaaa', 'bbbb', 'cc']);
  });

  it('keeps the longest tail that fits window - maxOutputTokens - margin, starting at a user message', async () => {
    const policy = tokenBudget({ counter: charCounter(), marginTokens: 5 });
    const history = [
      user('1111111111'),
      assistant('2222222222'),
      user('33333'),
      assistant('44444'),
      user('55555'),
    ];
    // 40 - 10 - 5 = 25 tokens: the last two turns (15) fit, the first (20 more) does not.
    const model = windowModel(40);
    expect(texts(await policy.select(history, context(model, { maxOutputTokens: 10 })))).toEqual([
      '33333',
      '44444',
      '55555',
    ]);
    // Without the output reserve, 35 tokens: everything fits exactly.
    expect(texts(await policy.select(history, context(model, { maxOutputTokens: 0 })))).toEqual([
      '1111111111',
      '2222222222',
      '33333',
      '44444',
      '55555',
    ]);
  });

  it('never separates a tool call from its result', async () => {
    const policy = tokenBudget({ counter: charCounter(), marginTokens: 0 });
    const call: ChatMessage = {
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'lookup', input: {} }],
    };
    const result: ChatMessage = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'lookup', output: 'x' }],
    };
    const history = [user('uuuuuuuuuu'), call, result, assistant('done'), user('next')];
    // The first turn (24 tokens with its tool call and result) goes whole or not at all.
    const selected = await policy.select(history, context(windowModel(20)));
    expect(texts(selected)).toEqual(['next']);
  });

  it('counts the system prompt and uses the model maxOutputTokens when the request has none', async () => {
    const policy = tokenBudget({ counter: charCounter(), marginTokens: 0 });
    const history = [user('aaaaa'), assistant('bbbbb'), user('ccccc')];
    const model = windowModel(30, 10);
    expect(texts(await policy.select(history, context(model)))).toEqual([
      'aaaaa',
      'bbbbb',
      'ccccc',
    ]);
    expect(texts(await policy.select(history, context(model, { system: 'ssssss' })))).toEqual([
      'ccccc',
    ]);
  });

  it('keeps 5% of the room as a margin by default', async () => {
    const policy = tokenBudget({ counter: charCounter() });
    const history = [user('x'.repeat(50)), assistant('y'.repeat(45)), user('z'.repeat(1))];
    // 100 - 0 - 5 = 95 tokens: 96 do not fit.
    expect(texts(await policy.select(history, context(windowModel(100, 0))))).toEqual(['z']);
    expect(await policy.select(history.slice(1), context(windowModel(100, 0)))).toHaveLength(2);
  });

  it('fails before any call with ContextLengthExceededError naming the counts', async () => {
    const model = scriptedModel([textResult('never')], { contextWindow: 100, maxOutputTokens: 40 });
    const store = new InMemoryConversationStore();
    const chat = new Conversation({
      model,
      store,
      id: 'big',
      system: 'sys',
      memory: tokenBudget({ counter: charCounter(), marginTokens: 10 }),
    });
    const error = await chat.send('q'.repeat(48)).catch((caught: unknown) => caught);
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Conversation 'big': the newest turn needs 48 tokens and the system prompt, tools and pinned messages 3, 51 in all, but scripted:scripted-1 accepts 50 input tokens here (context window 100 - max output 40 - margin 10). Shorten the message or the system prompt, lower maxOutputTokens, or use a model with a larger context window.",
    );
    expect(model.requests).toHaveLength(0);
    expect(await store.load('big')).toBeUndefined();
  });

  it('needs a context window or maxInputTokens', async () => {
    const history = [user('a')];
    await expect(tokenBudget().select(history, context(windowModel(undefined)))).rejects.toThrow(
      ConfigError,
    );
    await expect(tokenBudget().select(history, context(windowModel(undefined)))).rejects.toThrow(
      /pass maxInputTokens/,
    );
    expect(
      await tokenBudget({ maxInputTokens: 100 }).select(history, context(windowModel(undefined))),
    ).toEqual(history);
    await expect(tokenBudget().select(history)).rejects.toThrow(ConfigError);
    expect(await tokenBudget({ maxInputTokens: 100 }).select(history)).toEqual(history);
    await expect(
      tokenBudget({ marginTokens: 0 }).select(history, context(windowModel(100, 100))),
    ).rejects.toThrow(/leaves no room/);
    expect(() => tokenBudget({ maxInputTokens: 0 })).toThrow(ConfigError);
  });

  it('lets maxInputTokens lower the budget below the window', async () => {
    const policy = tokenBudget({ counter: charCounter(), maxInputTokens: 6 });
    const history = [user('aaa'), assistant('bbb'), user('cc')];
    expect(texts(await policy.select(history, context(windowModel(1000))))).toEqual(['cc']);
  });

  it('counts each message once across turns', async () => {
    const counter = charCounter();
    const model = scriptedModel([textResult('r1'), textResult('r2'), textResult('r3')], {
      contextWindow: 1000,
    });
    const chat = new Conversation({ model, memory: tokenBudget({ counter }) });
    await chat.send('first');
    await chat.send('second');
    await chat.send('third');
    expect(texts(counter.counted)).toEqual(['first', 'r1', 'second', 'r2', 'third']);
  });

  it('asks a per-model counter function for the model in use', async () => {
    const seen: string[] = [];
    const policy = tokenBudget({
      counter: (model) => {
        seen.push(model.modelId);
        return charCounter();
      },
    });
    await policy.select([user('a')], context(windowModel(100)));
    expect(seen).toEqual(['scripted-1']);
    await expect(policy.select([user('a')])).rejects.toThrow(/needs the model/);
  });
});

describe('tokenBudget options', () => {
  it('refuses summarize settings out of range', () => {
    const model = windowModel(100);
    expect(() => tokenBudget({ summarize: { model, keepRatio: 1 } })).toThrow(/keepRatio/);
    expect(() => tokenBudget({ summarize: { model, maxSummaryTokens: 0 } })).toThrow(
      /maxSummaryTokens/,
    );
  });
});
