import { TimeoutError, type ChatRequest } from '@org/llm-core';
import { fault, openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeOpenAIFaults } from '../../openai-compat/src/test-support/describe-openai-faults.ts';
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

// The shared fault table and abort cases, with the SDK client built both ways
// (the suite is shared with @org/llm-openai-http); then what only the SDK
// adapter has: its request timeout and idle deadline.
describeOpenAIFaults({ harness: () => harness, variants });

describe.each(variants)('timeouts with $name', ({ options }) => {
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
