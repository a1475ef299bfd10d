import { TimeoutError, type ChatRequest } from '@org/llm-core';
import { fault, openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  expectFault,
  failureOf,
  faultCases,
} from '../../openai-compat/src/test-support/openai-fault-cases.ts';
import { createWireHarness, variants, type WireHarness } from './test-support/wire-harness.ts';

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
const partial = { chunks: ['Partial', ' answer', ' goes on'] };

/** Resolves once the fake server has recorded a request (polling the event loop, not the clock). */
async function waitForRequest(): Promise<void> {
  while (harness.server.requests.length === 0)
    await new Promise((resolve) => setImmediate(resolve));
}

describe.each(variants)('faults with $name', ({ options }) => {
  const rows = faultCases.flatMap((row) =>
    row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
  );

  it.each(rows)('$label', async (row) => {
    harness.server.enqueue(row.script());
    // The adapter reads the event stream itself, so the SDK never logs a malformed SSE line.
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expectFault(row, await failureOf(harness.provider(options)('gpt-4o-mini'), row.call));
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it('rejects generate() with the abort reason while the answer is awaited', async () => {
    harness.server.enqueue(openai.text('late', { fault: fault.slowFirstByte(60_000) }));
    const controller = new AbortController();
    const reason = new Error('request no longer needed');
    const pending = harness
      .provider(options)('gpt-4o-mini')
      .generate({ ...hello, abortSignal: controller.signal });
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects with the abort reason when a stall is aborted before content', async () => {
    harness.server.enqueue(openai.text('late', { fault: fault.stall(60_000, { afterChunks: 1 }) }));
    const controller = new AbortController();
    const reason = new Error('gave up waiting');
    const pending = harness
      .provider(options)('gpt-4o-mini')
      .stream({ ...hello, abortSignal: controller.signal });
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects with the abort reason when a stall is aborted after content (the SDK ends such a stream quietly)', async () => {
    harness.server.enqueue(
      openai.text('Partial answer goes on', {
        ...partial,
        fault: fault.stall(60_000, { afterChunks: 2, comments: true, commentEveryMs: 20 }),
      }),
    );
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const stream = await harness
      .provider(options)('gpt-4o-mini')
      .stream({ ...hello, abortSignal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    let next = await iterator.next();
    while (next.done !== true && next.value.type !== 'text-delta') next = await iterator.next();
    const pending = iterator.next();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(stream.final()).rejects.toBe(reason);
  });

  it('times out a call whose answer does not start within timeoutMs', async () => {
    harness.server.enqueue(openai.text('late', { fault: fault.slowFirstByte(5000) }));
    const error: unknown = await harness
      .provider({ ...options, timeoutMs: 100 })('gpt-4o-mini')
      .generate(hello)
      .catch((caught: unknown) => caught);
    if (!TimeoutError.isInstance(error))
      throw new Error(`expected a TimeoutError, got ${String(error)}`);
    expect(error.phase).toBe('request');
    expect(error.timeoutMs).toBe(100);
    expect(error.isRetryable).toBe(true);
  });

  it('times out a stream that goes silent after content (the SDK would wait), but not one that keeps sending', async () => {
    harness.server.enqueue(
      openai.text('one two three', {
        chunks: ['one', ' two', ' three'],
        fault: fault.stall(5000, { afterChunks: 2 }),
      }),
      openai.text('a b c d e', { chunks: ['a', ' b', ' c', ' d', ' e'], paceMs: 50 }),
    );
    const model = harness.provider({ ...options, timeoutMs: 250 })('gpt-4o-mini');
    const stream = await model.stream(hello);
    const error: unknown = await stream.final().catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('StreamInterruptedError');
    expect(TimeoutError.isInstance((error as Error).cause)).toBe(true);
    // 9 events 50 ms apart: longer than timeoutMs in all, never silent for that long.
    expect(await (await model.stream(hello)).text()).toBe('a b c d e');
  });
});
