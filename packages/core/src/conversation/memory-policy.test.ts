import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/library-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import { lastMessages } from './memory-policy.ts';

const user = (text: string): ChatMessage => ({ role: 'user', content: text });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', content: text });
const call = (id: string): ChatMessage => ({
  role: 'assistant',
  content: [{ type: 'tool-call', toolCallId: id, toolName: 't', input: {} }],
});
const result = (id: string): ChatMessage => ({
  role: 'tool',
  content: [{ type: 'tool-result', toolCallId: id, toolName: 't', output: 1 }],
});

const label = (messages: readonly ChatMessage[]) =>
  messages.map((message) =>
    typeof message.content === 'string'
      ? `${message.role}:${message.content}`
      : `${message.role}:${message.content.map((part) => ('toolCallId' in part ? part.toolCallId : part.type)).join(',')}`,
  );

describe('lastMessages', () => {
  it('keeps everything when the history is short', async () => {
    const history = [user('a'), assistant('b')];
    expect(await lastMessages(5).select(history)).toEqual(history);
  });

  it('keeps the last N and pins system messages', async () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'rules' },
      user('1'),
      assistant('2'),
      user('3'),
      assistant('4'),
      user('5'),
    ];
    expect(label(await lastMessages(3).select(history))).toEqual([
      'system:rules',
      'user:3',
      'assistant:4',
      'user:5',
    ]);
  });

  it('never starts with a tool result cut from its call', async () => {
    const history = [user('1'), call('c1'), result('c1'), assistant('2'), user('3')];
    expect(label(await lastMessages(3).select(history))).toEqual(['user:3']);
    expect(label(await lastMessages(4).select(history))).toEqual(['user:3']);
    expect(label(await lastMessages(5).select(history))).toEqual([
      'user:1',
      'assistant:c1',
      'tool:c1',
      'assistant:2',
      'user:3',
    ]);
  });

  it('starts at a user message so Anthropic accepts it', async () => {
    const history = [user('1'), assistant('2'), user('3'), assistant('4'), user('5')];
    expect(label(await lastMessages(4).select(history))).toEqual([
      'user:3',
      'assistant:4',
      'user:5',
    ]);
  });

  it.each([0, -1, 1.5])('rejects %d', (count) => {
    expect(() => lastMessages(count)).toThrow(ConfigError);
  });
});
