// The stream body is read by the adapter, not by the SDK's event iterator:
// these tests pin that events are taken as the SDK takes them, and that a
// network read is handled as one batch without losing the order of content
// and failures.
import {
  ConnectionError,
  OverloadedError,
  ResponseValidationError,
  StreamInterruptedError,
  type ChatRequest,
  type ChatStreamPart,
} from '@org/llm-core';
import { anthropic } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
});
afterAll(async () => {
  await harness.close();
});

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };

const event = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const start = event('message_start', {
  message: { id: 'msg_1', model: 'claude-haiku-4-5', usage: { input_tokens: 5, output_tokens: 1 } },
});
const blockStart = event('content_block_start', {
  index: 0,
  content_block: { type: 'text', text: '' },
});
const delta = (text: string): string =>
  event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
const blockStop = event('content_block_stop', { index: 0 });
const messageDelta = event('message_delta', {
  delta: { stop_reason: 'end_turn' },
  usage: { output_tokens: 3 },
});
const stop = event('message_stop', {});

/** Streams `chunks` as written (each one write) and returns the parts and the error, if any. */
async function run(
  chunks: readonly string[],
): Promise<{ parts: ChatStreamPart[]; error: unknown; rejected: boolean }> {
  harness.server.enqueue(anthropic.raw({ chunks }));
  const parts: ChatStreamPart[] = [];
  let stream;
  try {
    stream = await harness.provider()('claude-haiku-4-5').stream(hello);
  } catch (error) {
    return { parts, error, rejected: true };
  }
  try {
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { parts, error, rejected: false };
  }
  return { parts, error: undefined, rejected: false };
}

const text = (parts: readonly ChatStreamPart[]): string =>
  parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

describe('reading the stream body', () => {
  it('maps a whole answer written in one read, and keeps the order of its parts', async () => {
    const { parts, error } = await run([
      start + blockStart + delta('Hello') + delta(' there') + blockStop + messageDelta + stop,
    ]);
    expect(error).toBeUndefined();
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(text(parts)).toBe('Hello there');
  });

  it('skips ping events and events without an event name, as the SDK does', async () => {
    const unnamed = `data: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hidden' } })}\n\n`;
    const { parts, error } = await run([
      start + blockStart,
      'event: ping\ndata: {"type": "ping"}\n\n' + unnamed + ': a comment\n\n',
      delta('shown') + blockStop + messageDelta + stop,
    ]);
    expect(error).toBeUndefined();
    expect(text(parts)).toBe('shown');
  });

  it('delivers the content of a read before the error event that follows it there', async () => {
    const { parts, error, rejected } = await run([
      start +
        blockStart +
        delta('Partial') +
        delta(' answer') +
        event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ]);
    expect(rejected).toBe(false);
    expect(text(parts)).toBe('Partial answer');
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).partialText).toBe('Partial answer');
    expect(OverloadedError.isInstance((error as Error).cause)).toBe(true);
  });

  it('rejects the call with an error event that comes before any content', async () => {
    const { error, rejected } = await run([
      start + event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ]);
    expect(rejected).toBe(true);
    expect(OverloadedError.isInstance(error)).toBe(true);
  });

  it('fails with a ResponseValidationError for event data that is not JSON', async () => {
    const { error, rejected } = await run([
      start + blockStart + 'event: content_block_delta\ndata: {not json\n\n',
    ]);
    expect(rejected).toBe(true);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
  });

  it('drops a last event without its blank line; the answer still finishes after message_delta', async () => {
    const unterminatedStop = stop.slice(0, -1);
    const { parts, error } = await run([
      start + blockStart + delta('Done') + blockStop + messageDelta + unterminatedStop,
    ]);
    expect(error).toBeUndefined();
    expect(text(parts)).toBe('Done');
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'end_turn' },
    });
  });

  it('fails with a ConnectionError when the dropped last event was the message_delta', async () => {
    const unterminatedDelta = messageDelta.slice(0, -1);
    const { error } = await run([
      start + blockStart + delta('Cut') + blockStop + unterminatedDelta,
    ]);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(ConnectionError.isInstance((error as Error).cause)).toBe(true);
  });
});
