import {
  ChatStream,
  ContentFilterError,
  StreamInterruptedError,
  createUsage,
  type ChatModel,
  type ChatStreamPart,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { ask, collect, connectionReset, serverError, textOf } from '../../test/support.ts';
import { ResilienceEvents, type ResumeEvent } from '../events/resilience-events.ts';
import { defaultResumePrompt, withResumeInterrupted } from './with-resume-interrupted.ts';

const cutAfter = (chunks: string[], at: number, error: unknown = connectionReset()) => ({
  chunks,
  failAfterChunks: { chunks: at, error },
});

/** A model whose one stream sends `parts`, then fails with `error`. */
function brokenStream(parts: ChatStreamPart[], error: unknown): ChatModel {
  const inner = new MockChatModel();
  return {
    specificationVersion: 'v1',
    provider: 'mock',
    modelId: 'mock-model',
    capabilities: inner.capabilities,
    generate: (request) => inner.generate(request),
    stream: () =>
      ChatStream.from(
        (async function* () {
          yield* parts;
          throw error;
        })(),
        { provider: 'mock', modelId: 'mock-model' },
      ),
  };
}

describe('withResumeInterrupted', () => {
  it('continues a stream cut mid-text and stitches the continuation into the same text block', async () => {
    const inner = new MockChatModel({
      responses: [
        cutAfter(['Hello ', 'wor', 'ld!'], 2),
        { chunks: ['ld! ', 'Bye.'], usage: { inputTokens: 30, outputTokens: 2 } },
      ],
    });
    const events = new ResilienceEvents();
    const seen: ResumeEvent[] = [];
    events.onResume((event) => seen.push(event));
    const stream = await withResumeInterrupted(inner, { events }).stream(ask('Greet me'));
    const parts = await collect(stream);

    expect(textOf(parts)).toBe('Hello world! Bye.');
    const blockIds = new Set(
      parts.flatMap((part) => ('id' in part && part.type.startsWith('text') ? [part.id] : [])),
    );
    expect(blockIds).toEqual(new Set(['text-0']));
    expect(parts.filter((part) => part.type === 'finish')).toEqual([
      expect.objectContaining({ usage: createUsage({ inputTokens: 30, outputTokens: 2 }) }),
    ]);
    expect(inner.calls[1]?.request.messages).toEqual([
      { role: 'user', content: 'Greet me' },
      { role: 'assistant', content: 'Hello wor' },
      { role: 'user', content: defaultResumePrompt },
    ]);
    expect(seen).toEqual([
      expect.objectContaining({ resume: 1, deliveredTextLength: 9, operation: 'stream' }),
    ]);
  });

  it('gives final() the whole answer as one text part', async () => {
    const inner = new MockChatModel({ responses: [cutAfter(['a ', 'b ', 'c'], 1), 'b c'] });
    const stream = await withResumeInterrupted(inner).stream(ask());
    const result = await stream.final();
    expect(result.text).toBe('a b c');
    expect(result.content).toEqual([{ type: 'text', text: 'a b c' }]);
  });

  it('asks for a prefill continuation, trimmed, in prefill mode', async () => {
    const inner = new MockChatModel({ responses: [cutAfter(['One ', 'two '], 2), 'three'] });
    const stream = await withResumeInterrupted(inner, { mode: 'prefill' }).stream(ask());
    expect(textOf(await collect(stream))).toBe('One two three');
    expect(inner.calls[1]?.request.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'One two',
    });
  });

  it('continues on another model with continueWith', async () => {
    const inner = new MockChatModel({ responses: [cutAfter(['first ', 'half'], 1)] });
    const backup = new MockChatModel({ modelId: 'backup', responses: ['half, from backup'] });
    const stream = await withResumeInterrupted(inner, { continueWith: backup }).stream(ask());
    const result = await stream.final();
    expect(result.text).toBe('first half, from backup');
    expect(result.response.modelId).toBe('backup');
  });

  it('resumes at most maxResumes times; the final error reports everything delivered', async () => {
    const inner = new MockChatModel({
      responses: [cutAfter(['a ', 'b ', 'c '], 1), cutAfter(['b ', 'c '], 1), 'never'],
    });
    const stream = await withResumeInterrupted(inner, { maxResumes: 1 }).stream(ask());
    const error = (await collect(stream).catch(
      (caught: unknown) => caught,
    )) as StreamInterruptedError;
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error.partialText).toBe('a b ');
    expect(error.cause).toMatchObject({ code: 'connection' });
    expect(inner.calls).toHaveLength(2);
  });

  it('does not resume a content-filter stop', async () => {
    const filter = new ContentFilterError('blocked');
    const inner = new MockChatModel({ responses: [cutAfter(['a ', 'b'], 1, filter), 'never'] });
    const stream = await withResumeInterrupted(inner).stream(ask());
    const error = (await collect(stream).catch(
      (caught: unknown) => caught,
    )) as StreamInterruptedError;
    expect(error.cause).toBe(filter);
    expect(inner.calls).toHaveLength(1);
  });

  it.each([
    [
      'inside a tool call',
      [
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Let me look.' },
        { type: 'text-end', id: 't' },
        { type: 'tool-call-start', toolCallId: 'c1', toolName: 'lookup' },
        { type: 'tool-call-delta', toolCallId: 'c1', delta: '{"q":' },
      ],
    ],
    [
      'after a complete tool call',
      [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: {} }],
    ],
    [
      'inside a reasoning block',
      [
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'hmm' },
      ],
    ],
  ] as [string, ChatStreamPart[]][])('does not resume a stream that broke %s', async (_, parts) => {
    const model = brokenStream(parts, serverError());
    const stream = await withResumeInterrupted(model).stream(ask());
    const error = await collect(stream).catch((caught: unknown) => caught);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).cause).toMatchObject({ code: 'server' });
  });

  it('ends with the original interruption when the continuation cannot start', async () => {
    const inner = new MockChatModel({
      responses: [cutAfter(['a ', 'b'], 1), { error: serverError() }],
    });
    const stream = await withResumeInterrupted(inner).stream(ask());
    const error = (await collect(stream).catch(
      (caught: unknown) => caught,
    )) as StreamInterruptedError;
    expect(error.cause).toMatchObject({ code: 'connection' });
    expect(error.partialText).toBe('a ');
  });

  it("ends with the caller's reason, unwrapped and not resumed, when the caller aborts", async () => {
    const controller = new AbortController();
    const inner = new MockChatModel({
      responses: [{ text: 'a b c', stallAfterChunks: 1 }, 'never'],
    });
    const stream = await withResumeInterrupted(inner).stream(
      ask('Hi', { abortSignal: controller.signal }),
    );
    const reading = collect(stream).catch((caught: unknown) => caught);
    controller.abort('stop');
    expect(await reading).toBe('stop');
    expect(inner.calls).toHaveLength(1);
  });

  it('passes generate() through, and maxResumes 0 returns the stream as is', async () => {
    const inner = new MockChatModel({ responses: ['generated', 'streamed'] });
    expect((await withResumeInterrupted(inner).generate(ask())).text).toBe('generated');
    const stream = await withResumeInterrupted(inner, { maxResumes: 0 }).stream(ask());
    expect(await stream.text()).toBe('streamed');
  });
});
