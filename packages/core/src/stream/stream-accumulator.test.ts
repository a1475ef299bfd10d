import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../errors/transport-errors.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { createUsage } from '../spec/usage.ts';
import { StreamAccumulator } from './stream-accumulator.ts';

const finish: ChatStreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: undefined },
  usage: createUsage(),
};

describe('StreamAccumulator', () => {
  it.each<[string, ChatStreamPart[], string]>([
    [
      'a part after finish',
      [finish, { type: 'response-metadata' }],
      "'response-metadata' after 'finish'; finish must be the last part (part #1)",
    ],
    ['two finishes', [finish, finish], "'finish' after 'finish'"],
  ])('rejects %s', (_name, parts, message) => {
    const run = () => {
      const accumulator = new StreamAccumulator('p:m');
      for (const part of parts) accumulator.accept(part);
    };
    expect(run).toThrow(ResponseValidationError);
    expect(run).toThrow(message);
  });

  it('tracks commit and finish', () => {
    const accumulator = new StreamAccumulator('p:m');
    accumulator.accept({ type: 'response-metadata', id: 'a' });
    expect(accumulator.committed).toBe(false);
    accumulator.accept({ type: 'tool-call', toolCallId: 'c', toolName: 't', input: {} });
    expect(accumulator.committed).toBe(true);
    accumulator.accept(finish);
    expect(accumulator.finished).toBe(true);
    expect(accumulator.result('p').toolCalls).toHaveLength(1);
  });

  it('reports a missing finish reason as other', () => {
    expect(new StreamAccumulator('p:m').result('p').finishReason).toEqual({
      unified: 'other',
      raw: undefined,
    });
  });
});
