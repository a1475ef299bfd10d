import { describe, expect, it } from 'vitest';
import { StreamConsumedError } from '../errors/library-errors.ts';
import { ServerError } from '../errors/provider-errors.ts';
import {
  ConnectionError,
  ResponseValidationError,
  StreamInterruptedError,
  TimeoutError,
} from '../errors/transport-errors.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { createUsage } from '../spec/usage.ts';
import { ChatStream } from './chat-stream.ts';

const options = { provider: 'test', modelId: 'model-1' };
const finish: ChatStreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: createUsage({ inputTokens: 3, outputTokens: 2 }),
};
const textParts = (id: string, ...deltas: string[]): ChatStreamPart[] => [
  { type: 'text-start', id },
  ...deltas.map((delta): ChatStreamPart => ({ type: 'text-delta', id, delta })),
  { type: 'text-end', id },
];

/** A source the test drives part by part, recording whether it was closed. */
function controlledSource() {
  type Pending = {
    resolve: (r: IteratorResult<ChatStreamPart>) => void;
    reject: (e: unknown) => void;
  };
  const queue: (IteratorResult<ChatStreamPart> | { error: unknown })[] = [];
  let waiting: Pending | undefined;
  const state = { returned: false, pulls: 0 };
  const deliver = (item: IteratorResult<ChatStreamPart> | { error: unknown }) => {
    if (waiting !== undefined) {
      const pending = waiting;
      waiting = undefined;
      if ('error' in item) pending.reject(item.error);
      else pending.resolve(item);
    } else queue.push(item);
  };
  const iterator: AsyncIterator<ChatStreamPart> = {
    next() {
      state.pulls++;
      const item = queue.shift();
      if (item !== undefined)
        return 'error' in item ? Promise.reject(item.error) : Promise.resolve(item);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      state.returned = true;
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return {
    source: { [Symbol.asyncIterator]: () => iterator },
    state,
    push: (...parts: ChatStreamPart[]) => {
      for (const part of parts) deliver({ value: part, done: false });
    },
    fail: (error: unknown) => {
      deliver({ error });
    },
    end: () => {
      deliver({ value: undefined, done: true });
    },
  };
}

async function* fromArray(parts: readonly ChatStreamPart[]): AsyncGenerator<ChatStreamPart> {
  for (const part of parts) yield await Promise.resolve(part);
}

async function collect(stream: AsyncIterable<ChatStreamPart>): Promise<ChatStreamPart[]> {
  const out: ChatStreamPart[] = [];
  for await (const part of stream) out.push(part);
  return out;
}

describe('ChatStream.from', () => {
  it('resolves only at the first content part, then replays what it read', async () => {
    const control = controlledSource();
    let resolved = false;
    const pending = ChatStream.from(control.source, options).then((stream) => {
      resolved = true;
      return stream;
    });
    control.push(
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'r1', modelId: 'm' },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    control.push({ type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: '' });
    await new Promise((resolve) => setImmediate(resolve));
    // Opening a block, or an empty delta, shows nothing yet: still not committed.
    expect(resolved).toBe(false);
    control.push({ type: 'text-delta', id: 't', delta: 'Hi' });
    const stream = await pending;
    expect(stream.committed).toBe(true);
    control.push({ type: 'text-end', id: 't' }, finish);
    const parts = await collect(stream);
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    const result = await stream.final();
    expect(result.text).toBe('Hi');
    expect(result.response).toEqual({ id: 'r1', modelId: 'm', headers: undefined });
    expect(control.state.returned).toBe(true);
  });

  it('resolves uncommitted when the stream finishes without content', async () => {
    const stream = await ChatStream.from(fromArray([finish]), options);
    expect(stream.committed).toBe(false);
    expect(await stream.final()).toMatchObject({
      text: '',
      content: [],
      finishReason: { unified: 'stop' },
    });
  });

  it('rejects with the original error before the commit point', async () => {
    const error = new ServerError('upstream 500');
    const control = controlledSource();
    control.push({ type: 'stream-start', warnings: [] });
    control.fail(error);
    await expect(ChatStream.from(control.source, options)).rejects.toBe(error);
  });

  it('rejects with a ConnectionError when the source ends before any finish', async () => {
    const error: unknown = await ChatStream.from(
      fromArray([{ type: 'stream-start', warnings: [] }]),
      options,
    ).catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("ended before its 'finish' part");
  });

  it('rejects with the signal reason when aborted before the call', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    const control = controlledSource();
    await expect(
      ChatStream.from(control.source, { ...options, abortSignal: controller.signal }),
    ).rejects.toBe(reason);
    expect(control.state.pulls).toBe(0);
  });
});

describe('batched sources', () => {
  async function* batches(
    ...items: (ChatStreamPart | ChatStreamPart[])[]
  ): AsyncGenerator<ChatStreamPart | readonly ChatStreamPart[]> {
    for (const item of items) yield await Promise.resolve(item);
  }

  it('delivers every part of every batch, in order', async () => {
    const stream = await ChatStream.from(
      batches([{ type: 'stream-start', warnings: [] }], [], textParts('t', 'a', 'b'), [finish]),
      options,
    );
    const parts = await collect(stream);
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect((await stream.final()).text).toBe('ab');
  });

  it('delivers the valid parts of a batch before its violation', async () => {
    const stream = await ChatStream.from(
      batches([...textParts('t', 'a').slice(0, 2), { type: 'text-delta', id: 'nope', delta: 'x' }]),
      options,
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text-start', id: 't' });
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', id: 't', delta: 'a' });
    const error: unknown = await iterator.next().catch((caught: unknown) => caught);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(ResponseValidationError.isInstance((error as Error).cause)).toBe(true);
  });

  it('ignores parts batched after finish', async () => {
    const stream = await ChatStream.from(
      batches([...textParts('t', 'a'), finish, { type: 'text-start', id: 'late' }]),
      options,
    );
    expect((await collect(stream)).map((part) => part.type)).toEqual([
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect((await stream.final()).text).toBe('a');
  });
});

describe('failures after the commit point', () => {
  it('end the stream with StreamInterruptedError carrying what arrived', async () => {
    const control = controlledSource();
    control.push(
      { type: 'response-metadata', usage: { inputTokens: 9 } },
      { type: 'tool-call-start', toolCallId: 'c1', toolName: 'lookup' },
      { type: 'tool-call-delta', toolCallId: 'c1', delta: '{"q":1}' },
      { type: 'tool-call-end', toolCallId: 'c1' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 1 } },
      ...textParts('t', 'Hello ').slice(0, 2),
    );
    const stream = await ChatStream.from(control.source, options);
    const cause = new ConnectionError('socket hang up', { requestId: 'req_1' });
    const seen: ChatStreamPart[] = [];
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 7; i++) {
      const next = await iterator.next();
      if (next.done !== true) seen.push(next.value);
    }
    control.push({ type: 'text-delta', id: 't', delta: 'wor' });
    control.fail(cause);
    await iterator.next();
    const error: unknown = await iterator.next().catch((caught: unknown) => caught);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    const interrupted = error as StreamInterruptedError;
    expect(interrupted.cause).toBe(cause);
    expect(interrupted.requestId).toBe('req_1');
    expect(interrupted.partialText).toBe('Hello wor');
    expect(interrupted.partial.toolCalls).toEqual([
      { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 1 } },
    ]);
    expect(interrupted.partial.usage.inputTokens).toBe(9);
    expect(interrupted.message).toContain('broke after content had started: socket hang up');
    await expect(stream.final()).rejects.toBe(interrupted);
    await expect(iterator.next()).rejects.toBe(interrupted);
  });

  it('end the stream with the signal reason, unwrapped, on abort', async () => {
    const controller = new AbortController();
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const stream = await ChatStream.from(control.source, {
      ...options,
      abortSignal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    const pending = iterator.next();
    const reason = new Error('user stop');
    controller.abort(reason);
    control.fail(new DOMException('aborted', 'AbortError'));
    await expect(pending).rejects.toBe(reason);
    expect(control.state.returned).toBe(false);
  });

  it('stops pulling when the signal fires between parts', async () => {
    const controller = new AbortController();
    const control = controlledSource();
    control.push(...textParts('t', 'a'));
    const stream = await ChatStream.from(control.source, {
      ...options,
      abortSignal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort('reason-as-string');
    // The kept text-delta is not replayed after the abort, and nothing more is pulled.
    await expect(iterator.next()).rejects.toBe('reason-as-string');
    expect(control.state.pulls).toBe(2);
    expect(control.state.returned).toBe(true);
  });
});

describe('deadline aborts (an LlmError as the abort reason)', () => {
  it('reject unwrapped before the commit point', async () => {
    const controller = new AbortController();
    const control = controlledSource();
    const pending = ChatStream.from(control.source, { ...options, abortSignal: controller.signal });
    const timeout = new TimeoutError('no first content in 100 ms', { phase: 'first-content' });
    controller.abort(timeout);
    control.fail(new DOMException('aborted', 'AbortError'));
    await expect(pending).rejects.toBe(timeout);
  });

  it('interrupt the stream after the commit point', async () => {
    const controller = new AbortController();
    const control = controlledSource();
    control.push(...textParts('t', 'par').slice(0, 2));
    const stream = await ChatStream.from(control.source, {
      ...options,
      abortSignal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    const pending = iterator.next();
    const timeout = new TimeoutError('idle for 100 ms', { phase: 'idle' });
    controller.abort(timeout);
    control.fail(new DOMException('aborted', 'AbortError'));
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).cause).toBe(timeout);
    expect((error as StreamInterruptedError).partialText).toBe('par');
  });
});

describe('observe', () => {
  it('reports reads, parts and the end without reading', async () => {
    const events: string[] = [];
    const stream = await ChatStream.from(fromArray([...textParts('t', 'a'), finish]), options);
    stream.observe({
      onReadStart: () => events.push('start'),
      onReadEnd: () => events.push('end'),
      onPart: (part) => events.push(part.type),
      onEnd: (outcome) => events.push(outcome.ok ? `ok:${outcome.result.text}` : 'failed'),
    });
    expect(events).toEqual([]);
    await collect(stream);
    expect(events).toEqual([
      'start',
      'end',
      'text-start',
      'start',
      'end',
      'text-delta',
      'start',
      'end',
      'text-end',
      'start',
      'ok:a',
      'end',
      'finish',
    ]);
  });

  it('ends every observed read once: from a batch, from the source, and with a failure', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const stream = await ChatStream.from(control.source, options);
    const events: string[] = [];
    stream.observe({
      onReadStart: () => events.push('start'),
      onReadEnd: () => events.push('end'),
      onPart: (part) => events.push(part.type),
      onEnd: (outcome) => events.push(outcome.ok ? 'ok' : 'failed'),
    });
    const parts = stream[Symbol.asyncIterator]();
    // Replayed from what was read before the commit point: ends at once.
    const first = parts.next();
    expect(events).toEqual(['start', 'end', 'text-start']);
    await first;
    await parts.next();
    // From the source: the read waits, and ends when the source answers.
    const pending = parts.next();
    await Promise.resolve();
    expect(events.slice(6)).toEqual(['start']);
    control.fail(new ServerError('gone'));
    await expect(pending).rejects.toThrow(StreamInterruptedError);
    expect(events.slice(6)).toEqual(['start', 'failed', 'end']);
    // A read after the end is not observed.
    await expect(parts.next()).rejects.toThrow(StreamInterruptedError);
    expect(events).toHaveLength(9);
  });

  it('reports a wait only when a read has to wait for the source', async () => {
    const control = controlledSource();
    control.push({ type: 'text-start', id: 't' });
    const stream = await ChatStream.from(
      {
        [Symbol.asyncIterator]: () => {
          const parts = control.source[Symbol.asyncIterator]();
          // The second step is a batch of two parts, the third an empty batch.
          let step = 0;
          return {
            next: async () => {
              step++;
              if (step === 2) {
                return {
                  done: false,
                  value: [
                    { type: 'text-delta', id: 't', delta: 'a' },
                    { type: 'text-delta', id: 't', delta: 'b' },
                  ],
                };
              }
              if (step === 3) return { done: false, value: [] };
              return parts.next();
            },
          } as AsyncIterator<ChatStreamPart | ChatStreamPart[]>;
        },
      },
      options,
    );
    const events: string[] = [];
    stream.observe({
      onWaitStart: () => events.push('wait'),
      onWaitEnd: () => events.push('waited'),
      onEnd: (outcome) => events.push(outcome.ok ? 'ok' : 'failed'),
    });
    const parts = stream[Symbol.asyncIterator]();
    // Both deltas come from one source step, read before the commit point: no wait.
    await parts.next();
    await parts.next();
    await parts.next();
    expect(events).toEqual([]);
    // The empty batch is not the end of the wait; the source's next part is.
    const pending = parts.next();
    await Promise.resolve();
    expect(events).toEqual(['wait']);
    control.push({ type: 'text-end', id: 't' });
    await pending;
    expect(events).toEqual(['wait', 'waited']);
    control.push(finish);
    await parts.next();
    expect(events).toEqual(['wait', 'waited', 'wait', 'waited', 'ok']);
  });

  it('ends an observed read that an abort stops', async () => {
    const controller = new AbortController();
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const stream = await ChatStream.from(control.source, {
      ...options,
      abortSignal: controller.signal,
    });
    let reading = 0;
    stream.observe({ onReadStart: () => reading++, onReadEnd: () => reading-- });
    const parts = stream[Symbol.asyncIterator]();
    await parts.next();
    await parts.next();
    controller.abort(new Error('stop'));
    await expect(parts.next()).rejects.toThrow('stop');
    expect(reading).toBe(0);
  });

  it('reports failures and cancels, once', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const stream = await ChatStream.from(control.source, options);
    const outcomes: unknown[] = [];
    stream.observe({ onEnd: (outcome) => outcomes.push(outcome.ok ? 'ok' : outcome.error) });
    control.fail(new ServerError('gone'));
    await expect(stream.final()).rejects.toThrow(StreamInterruptedError);
    stream.cancel();
    expect(outcomes).toHaveLength(1);
    expect(StreamInterruptedError.isInstance(outcomes[0])).toBe(true);

    const cancelled = await ChatStream.from(fromArray([...textParts('t', 'a'), finish]), options);
    const seen: unknown[] = [];
    cancelled.observe({ onEnd: (outcome) => seen.push(outcome.ok ? 'ok' : outcome.error) });
    cancelled.cancel();
    expect(StreamConsumedError.isInstance(seen[0])).toBe(true);
  });

  it('reports at once on a stream that has already ended', async () => {
    const stream = await ChatStream.from(fromArray([finish]), options);
    await stream.final();
    let ended = false;
    stream.observe({ onEnd: (outcome) => (ended = outcome.ok) });
    expect(ended).toBe(true);
  });
});

describe('part-order invariants', () => {
  it.each<[string, ChatStreamPart[], string]>([
    [
      'a delta before its start',
      [{ type: 'text-delta', id: 'x', delta: 'a' }],
      "'text-delta' for text id 'x' that was never started",
    ],
    [
      'stream-start after other parts',
      [{ type: 'response-metadata' }, { type: 'stream-start', warnings: [] }],
      "'stream-start' must be the first part",
    ],
    [
      'a reused block id',
      [...textParts('t', 'a'), { type: 'text-start', id: 't' }],
      "text-start reuses id 't'",
    ],
    [
      'a delta after its end',
      [...textParts('t', 'a'), { type: 'text-delta', id: 't', delta: 'b' }],
      "'text-delta' for text id 't' after its 'text-end'",
    ],
    [
      'a second end',
      [...textParts('t'), { type: 'text-end', id: 't' }],
      "second 'text-end' for text id 't'",
    ],
    [
      'a reasoning delta with a text id',
      [...textParts('t', 'a'), { type: 'reasoning-delta', id: 't', delta: 'b' }],
      "'reasoning-delta' for reasoning id 't' that was never started",
    ],
    [
      'finish while a block is open',
      [{ type: 'text-start', id: 't' }, finish],
      "'finish' while text 't' was still open",
    ],
    [
      'a tool call that never completes',
      [
        { type: 'tool-call-start', toolCallId: 'c', toolName: 'x' },
        { type: 'tool-call-end', toolCallId: 'c' },
        finish,
      ],
      "'finish' while tool-call 'c' was still open",
    ],
    [
      'a tool-call before its end',
      [
        { type: 'tool-call-start', toolCallId: 'c', toolName: 'x' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'x', input: {} },
      ],
      "'tool-call' for 'c' must follow its 'tool-call-end' exactly once",
    ],
    [
      'a tool delta after its end',
      [
        { type: 'tool-call-start', toolCallId: 'c', toolName: 'x' },
        { type: 'tool-call-end', toolCallId: 'c' },
        { type: 'tool-call-delta', toolCallId: 'c', delta: '{' },
      ],
      "'tool-call-delta' for tool call 'c' after its 'tool-call-end'",
    ],
    [
      'an unknown part type',
      [...textParts('t', 'a'), { type: 'mystery' } as unknown as ChatStreamPart],
      "unknown part type 'mystery'",
    ],
  ])('rejects %s with a ResponseValidationError', async (_name, parts, rule) => {
    const error: unknown = await ChatStream.from(fromArray(parts), options)
      .then((stream) => stream.final())
      .catch((caught: unknown) => caught);
    const validation = StreamInterruptedError.isInstance(error) ? error.cause : error;
    expect(ResponseValidationError.isInstance(validation)).toBe(true);
    expect((validation as Error).message).toContain(rule);
    expect((validation as Error).message).toContain('test:model-1');
  });
});

describe('reading', () => {
  const parts: ChatStreamPart[] = [
    { type: 'stream-start', warnings: [{ type: 'unsupported-setting', setting: 'seed' }] },
    { type: 'reasoning-start', id: 'r' },
    { type: 'reasoning-delta', id: 'r', delta: 'think' },
    { type: 'reasoning-end', id: 'r', signature: 'sig' },
    { type: 'reasoning-start', id: 'hidden' },
    { type: 'reasoning-end', id: 'hidden', redactedData: 'opaque' },
    ...textParts('t', 'Hello', ' there'),
    { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 'x' } },
    { ...finish, providerMetadata: { test: { fingerprint: 'fp' } } },
  ];

  it('assembles the final result from the parts', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    expect(await stream.final()).toEqual({
      content: [
        { type: 'reasoning', text: 'think', provider: 'test', signature: 'sig' },
        { type: 'reasoning', text: '', provider: 'test', redactedData: 'opaque' },
        { type: 'text', text: 'Hello there' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 'x' } },
      ],
      text: 'Hello there',
      toolCalls: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 'x' } }],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: createUsage({ inputTokens: 3, outputTokens: 2 }),
      response: {},
      warnings: [{ type: 'unsupported-setting', setting: 'seed' }],
      providerMetadata: { test: { fingerprint: 'fp' } },
    });
  });

  it('resolves final() for a loop that is reading, once it reaches finish', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    const read: ChatStreamPart[] = [];
    let final: Promise<ChatResult> | undefined;
    for await (const part of stream) {
      read.push(part);
      final ??= stream.final();
    }
    expect(read).toEqual(parts);
    expect((await final!).text).toBe('Hello there');
    expect(await stream.text()).toBe('Hello there');
  });

  it('reads the stream itself when final() is called before anyone reads', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    expect((await stream.final()).text).toBe('Hello there');
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already being read by final\(\)/);
  });

  it('closes the source at finish, so parts after it are never read', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a'), finish, { type: 'text-start', id: 'late' });
    const stream = await ChatStream.from(control.source, options);
    expect(await collect(stream)).toHaveLength(4);
    expect(control.state.returned).toBe(true);
  });

  it('can be read by one consumer only', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    expect(() => stream.toReadableStream()).toThrow(/already being read by a for-await loop/);
    expect((await stream.final()).text).toBe('Hello there');
  });

  it('yields only text from textStream', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    const pieces: string[] = [];
    for await (const piece of stream.textStream) pieces.push(piece);
    expect(pieces).toEqual(['Hello', ' there']);
  });

  it('closes the source and fails final() when the reader stops early', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a', 'b'));
    const stream = await ChatStream.from(control.source, options);
    for await (const part of stream) {
      if (part.type === 'text-delta') break;
    }
    expect(control.state.returned).toBe(true);
    await expect(stream.final()).rejects.toThrow(StreamConsumedError);
  });

  it('closes the source when textStream is abandoned', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a', 'b'));
    const stream = await ChatStream.from(control.source, options);
    for await (const piece of stream.textStream) {
      expect(piece).toBe('a');
      break;
    }
    expect(control.state.returned).toBe(true);
  });

  it('tells whether a reader has taken it, and can be cancelled', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a', 'b'));
    const stream = await ChatStream.from(control.source, options);
    expect(stream.locked).toBe(false);
    const iterator = stream[Symbol.asyncIterator]();
    expect(stream.locked).toBe(true);
    await iterator.next();
    stream.cancel();
    expect(control.state.returned).toBe(true);
    await expect(iterator.next()).rejects.toThrow(StreamConsumedError);
    await expect(stream.final()).rejects.toThrow(StreamConsumedError);
    stream.cancel();
  });

  it('exposes a web ReadableStream that cancels the source', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    const read: ChatStreamPart[] = [];
    for await (const part of stream.toReadableStream()) read.push(part);
    expect(read).toEqual(parts);

    const control = controlledSource();
    control.push(...textParts('t', 'a', 'b'));
    const reader = (await ChatStream.from(control.source, options)).toReadableStream().getReader();
    expect((await reader.read()).value?.type).toBe('text-start');
    await reader.cancel();
    expect(control.state.returned).toBe(true);
  });

  it('reports errors through the ReadableStream', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const reader = (await ChatStream.from(control.source, options)).toReadableStream().getReader();
    await reader.read();
    await reader.read();
    control.fail(new ServerError('late'));
    await expect(reader.read()).rejects.toThrow(StreamInterruptedError);
  });

  it('tees into two independent readers', async () => {
    const stream = await ChatStream.from(fromArray(parts), options);
    const [left, right] = stream.tee();
    expect(left.committed).toBe(true);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    const leftParts = await collect(left);
    expect(leftParts).toEqual(parts);
    expect(await right.text()).toBe('Hello there');
    expect((await left.final()).toolCalls).toHaveLength(1);
  });

  it('keeps one tee branch going when the other stops', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a', 'b'), finish);
    const [left, right] = (await ChatStream.from(control.source, options)).tee();
    for await (const part of left) if (part.type === 'text-start') break;
    expect(control.state.returned).toBe(false);
    expect(await right.text()).toBe('ab');
  });

  it('passes errors to both tee branches', async () => {
    const control = controlledSource();
    control.push(...textParts('t', 'a').slice(0, 2));
    const [left, right] = (await ChatStream.from(control.source, options)).tee();
    control.fail(new ServerError('gone'));
    await expect(left.final()).rejects.toThrow(StreamInterruptedError);
    await expect(right.final()).rejects.toThrow(StreamInterruptedError);
  });
});

describe('a stream nobody reads', () => {
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const answer = [
    { type: 'stream-start', warnings: [] },
    ...textParts('t', 'Hello', ' there', '!'),
    finish,
  ] as const satisfies readonly ChatStreamPart[];

  it('reads ahead to the end and closes its source, keeping the parts for a later reader', async () => {
    const control = controlledSource();
    control.push(...answer.slice(0, 3));
    const stream = await ChatStream.from(control.source, options);
    // Not taken in this turn: from the next one, it reads on by itself.
    await nextTurn();
    control.push(...answer.slice(3));
    await nextTurn();
    expect(control.state.returned).toBe(true);
    expect(control.state.pulls).toBe(answer.length);
    // A reader that comes later still gets every part, in order, and the result.
    expect(await collect(stream)).toEqual(answer);
    expect(await stream.text()).toBe('Hello there!');
  });

  it('does not read ahead when a reader takes it in the same turn', async () => {
    const control = controlledSource();
    control.push(...answer.slice(0, 3));
    const stream = await ChatStream.from(control.source, options);
    const parts = stream[Symbol.asyncIterator]();
    await nextTurn();
    await nextTurn();
    expect(control.state.pulls).toBe(3);
    control.push(...answer.slice(3));
    const seen: ChatStreamPart[] = [];
    for (let next = await parts.next(); next.done !== true; next = await parts.next()) {
      seen.push(next.value);
    }
    expect(seen).toEqual(answer);
  });

  it('hands a reader that comes mid-read every part once, in order, and tells observers only of its reads', async () => {
    const control = controlledSource();
    control.push(...answer.slice(0, 3));
    const stream = await ChatStream.from(control.source, options);
    const observed: ChatStreamPart[] = [];
    let reads = 0;
    stream.observe({
      onReadStart: () => reads++,
      onPart: (part) => observed.push(part),
    });
    await nextTurn();
    // The read-ahead waits on the source; the reader arrives meanwhile.
    const reading = collect(stream);
    control.push(...answer.slice(3));
    expect(await reading).toEqual(answer);
    expect(observed).toEqual(answer);
    // One observed read per part (reads after the end are not observed).
    expect(reads).toBe(answer.length);
  });

  it('records a failure for the reader to come, after the parts before it', async () => {
    const control = controlledSource();
    control.push(...answer.slice(0, 3));
    const stream = await ChatStream.from(control.source, options);
    await nextTurn();
    const failure = new ServerError('HTTP 500', { provider: 'test', modelId: 'model-1' });
    control.fail(failure);
    await nextTurn();
    const parts: ChatStreamPart[] = [];
    const error = await (async () => {
      try {
        for await (const part of stream) parts.push(part);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(parts).toEqual(answer.slice(0, 3));
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).cause).toBe(failure);
  });

  it('stops at once when cancelled, closing the source', async () => {
    const control = controlledSource();
    control.push(...answer.slice(0, 3));
    const stream = await ChatStream.from(control.source, options);
    stream.cancel();
    await nextTurn();
    expect(control.state.returned).toBe(true);
    expect(control.state.pulls).toBe(3);
  });
});

describe('ChatStream.fromResult', () => {
  it('replays a tool input nested too deeply for JSON.stringify, without its argument text', async () => {
    // Valid JSON that JSON.parse accepts, deeper than JSON.stringify can recurse.
    const input = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
    const call = { type: 'tool-call', toolCallId: 'c', toolName: 't', input } as const;
    const result: ChatResult = {
      content: [call],
      text: '',
      toolCalls: [call],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: createUsage({}),
      response: { id: 'x', modelId: 'y', headers: {} },
      warnings: [],
    };
    const stream = await ChatStream.fromResult(result, options);
    const parts = await collect(stream);
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
      'tool-call-start',
      'tool-call-end',
      'tool-call',
      'finish',
    ]);
    expect((await stream.final()).toolCalls[0]!.input).toBe(input);
  });

  it('replays a complete result unchanged', async () => {
    const result: ChatResult = {
      content: [
        { type: 'reasoning', text: 'plan', signature: 's', provider: 'test' },
        { type: 'text', text: 'Answer' },
        { type: 'tool-call', toolCallId: 'c', toolName: 't', input: { a: 1 } },
        { type: 'tool-call', toolCallId: 'd', toolName: 't', input: 'not json' },
      ],
      text: 'Answer',
      toolCalls: [
        { type: 'tool-call', toolCallId: 'c', toolName: 't', input: { a: 1 } },
        { type: 'tool-call', toolCallId: 'd', toolName: 't', input: 'not json' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: createUsage({ inputTokens: 1, outputTokens: 2, cacheReadTokens: 0 }),
      response: { id: 'x', modelId: 'y', headers: { a: 'b' } },
      warnings: [],
    };
    const stream = await ChatStream.fromResult(result, options);
    const parts = await collect(stream);
    expect(parts.find((part) => part.type === 'tool-call-delta')).toEqual({
      type: 'tool-call-delta',
      toolCallId: 'c',
      delta: '{"a":1}',
    });
    const final = await stream.final();
    expect(final).toEqual({ ...result, providerMetadata: undefined });
  });
});
