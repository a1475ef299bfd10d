import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import { scriptedModel, textResult } from '../test-support/scripted-model.ts';
import { Conversation } from './conversation.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';
import { renderTranscript } from './summarize-turns.ts';
import { tokenBudget } from './token-budget.ts';
import type { TokenCounter } from './token-counter.ts';

/** One token per character of text; summaries (system messages) count their length too. */
const charCounter: TokenCounter = {
  id: 'chars',
  countMessages: (messages) =>
    messages.map((message) =>
      typeof message.content === 'string'
        ? message.content.length
        : message.content.reduce(
            (total, part) => total + ('text' in part ? part.text.length : 0),
            0,
          ),
    ),
  countOverhead: () => 0,
};

const texts = (messages: readonly ChatMessage[]): string[] =>
  messages.map((message) =>
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => ('text' in part ? part.text : part.type)).join(''),
  );

/** A conversation model that echoes, on a 400-token window. */
function echoModel() {
  return scriptedModel(
    Array.from({ length: 20 }, () => (request: ChatRequest) => {
      const last = request.messages.at(-1)!;
      return textResult(`re:${typeof last.content === 'string' ? last.content : ''}`);
    }),
    { contextWindow: 400, maxOutputTokens: 0 },
  );
}

/** 29 characters; with its 32-character echo a turn is 61 tokens, so 6 turns and a message fit in 400. */
const message = (n: number): string => `message ${String(n).padStart(2, '0')} ${'.'.repeat(18)}`;

describe('tokenBudget with summarize', () => {
  it('replaces the turns that no longer fit by a stored summary, keeps them in the store, and reuses it', async () => {
    const store = new InMemoryConversationStore();
    const model = echoModel();
    const summarizer = scriptedModel([
      textResult('S1: the user counted to six.'),
      textResult('S2: and on to ten.'),
    ]);
    const chat = new Conversation({
      model,
      store,
      id: 'long',
      memory: tokenBudget({
        counter: charCounter,
        marginTokens: 0,
        summarize: { model: summarizer, maxSummaryTokens: 120, keepRatio: 0.5 },
      }),
    });
    for (let n = 1; n <= 7; n++) await chat.send(message(n));
    expect(summarizer.requests).toHaveLength(0);
    expect(model.requests[6]!.messages).toHaveLength(13);

    // Turn 8 overflows: turns 1-6 are summarised, the window keeps half the room (turn 7 and the input).
    await chat.send(message(8));
    expect(summarizer.requests).toHaveLength(1);
    const summarized = summarizer.requests[0]!;
    expect(summarized.maxOutputTokens).toBe(120);
    const turns = (await store.load('long'))!.turns;
    expect(summarized.messages[0]!.content).toBe(
      `Conversation:\n${renderTranscript(turns.slice(0, 6).flatMap((turn) => turn.messages))}`,
    );
    const request = model.requests[7]!;
    expect(request.messages[0]).toEqual({
      role: 'system',
      content:
        'Summary of the earlier conversation (turns 1 to 6, not shown here):\nS1: the user counted to six.',
    });
    expect(texts(request.messages.slice(1))).toEqual([message(7), `re:${message(7)}`, message(8)]);

    const stored = (await store.load('long'))!;
    expect(stored.summaries).toMatchObject([
      {
        fromVersion: 1,
        toVersion: 6,
        text: 'S1: the user counted to six.',
        model: 'scripted:scripted-1',
      },
    ]);
    expect(stored.turns).toHaveLength(8);
    expect(stored.messages[0]).toEqual({ role: 'user', content: message(1) });

    // The next turns still fit after the same summary: no new summarising call.
    for (let n = 9; n <= 11; n++) await chat.send(message(n));
    expect(summarizer.requests).toHaveLength(1);
    expect(texts(model.requests[10]!.messages).slice(1, 3)).toEqual([
      message(7),
      `re:${message(7)}`,
    ]);

    // Turn 12 overflows again: the new summary grows from the stored one, not from the start.
    await chat.send(message(12));
    expect(summarizer.requests).toHaveLength(2);
    const second = summarizer.requests[1]!.messages[0]!.content as string;
    expect(
      second.startsWith(
        'Summary so far:\nS1: the user counted to six.\n\nNew messages:\nUser: message 07',
      ),
    ).toBe(true);
    expect(second).toContain(message(10));
    expect(second).not.toContain(message(6));
    expect(second).not.toContain(message(11));
    expect(
      (await store.load('long'))!.summaries.map((summary) => summary.toVersion).sort(),
    ).toEqual([10, 6]);
  });

  it('trims instead when the summarising model answers nothing', async () => {
    const model = echoModel();
    const chat = new Conversation({
      model,
      memory: tokenBudget({
        counter: charCounter,
        marginTokens: 0,
        summarize: { model: scriptedModel([textResult('')]), maxSummaryTokens: 120 },
      }),
    });
    for (let n = 1; n <= 8; n++) await chat.send(message(n));
    const last = model.requests[7]!.messages;
    expect(last.every((entry) => entry.role !== 'system')).toBe(true);
    expect(texts(last)[0]).toBe(message(2));
  });
});
