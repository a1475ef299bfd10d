import { TimeoutError, type ChatModel, type ChatRequest } from '@org/llm-core';
import { fault, openai } from '@org/llm-testkit';
import { describe, expect, it, vi } from 'vitest';
import { expectFault, failureOf, faultCases } from './openai-fault-cases.ts';
import type { OpenAIWireHarness } from './openai-wire-harness.ts';

// The fault table, the caller-abort cases and the adapter's timeoutMs, on the wire, for one OpenAI
// adapter built each of its ways. The adapter's file adds what is its own.

/** What one adapter's fault suite needs. */
export interface OpenAIFaultSuite<Options extends { readonly timeoutMs?: number | undefined }> {
  /** The harness, started by the adapter's test file (which checks and resets it after each test). */
  readonly harness: () => OpenAIWireHarness<Options, (modelId: string) => ChatModel>;
  /** Ways of building the adapter; every case runs through each. */
  readonly variants: readonly { readonly name: string; readonly options: Options }[];
}

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };

/** Registers, per variant, every row of the shared fault table, the abort cases and the adapter timeout. */
export function describeOpenAIFaults<Options extends { readonly timeoutMs?: number | undefined }>(
  suite: OpenAIFaultSuite<Options>,
): void {
  const model = (options: Options) => suite.harness().provider(options)('gpt-4o-mini');

  /** Resolves once the fake server has recorded a request (polling the event loop, not the clock). */
  async function waitForRequest(): Promise<void> {
    while (suite.harness().server.requests.length === 0)
      await new Promise((resolve) => setImmediate(resolve));
  }

  describe.each(suite.variants)('faults with $name', ({ options }) => {
    const rows = faultCases.flatMap((row) =>
      row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
    );

    it.each(rows)('$label', async (row) => {
      suite.harness().server.enqueue(row.script());
      // The adapters read the event stream themselves: nothing is logged, even for a malformed line.
      const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        expectFault(row, await failureOf(model(options), row.call));
        expect(log).not.toHaveBeenCalled();
      } finally {
        log.mockRestore();
      }
    });

    it('rejects generate() with the abort reason while the answer is awaited', async () => {
      suite.harness().server.enqueue(openai.text('late', { fault: fault.slowFirstByte(60_000) }));
      const controller = new AbortController();
      const reason = new Error('request no longer needed');
      const pending = model(options).generate({ ...hello, abortSignal: controller.signal });
      await waitForRequest();
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
    });

    it('rejects with the abort reason when a stall is aborted before content', async () => {
      suite
        .harness()
        .server.enqueue(openai.text('late', { fault: fault.stall(60_000, { afterChunks: 1 }) }));
      const controller = new AbortController();
      const reason = new Error('gave up waiting');
      const pending = model(options).stream({ ...hello, abortSignal: controller.signal });
      // The request reaches the server, whose answer then stalls; abort only then.
      await waitForRequest();
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
    });

    it('rejects with the abort reason when a stall is aborted after content', async () => {
      suite.harness().server.enqueue(
        openai.text('Partial answer goes on', {
          chunks: ['Partial', ' answer', ' goes on'],
          fault: fault.stall(60_000, { afterChunks: 2, comments: true, commentEveryMs: 20 }),
        }),
      );
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      const stream = await model(options).stream({ ...hello, abortSignal: controller.signal });
      const iterator = stream[Symbol.asyncIterator]();
      let next = await iterator.next();
      while (next.done !== true && next.value.type !== 'text-delta') next = await iterator.next();
      const pending = iterator.next();
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      await expect(stream.final()).rejects.toBe(reason);
    });

    it('times out a call whose answer does not start within timeoutMs', async () => {
      suite.harness().server.enqueue(openai.text('late', { fault: fault.slowFirstByte(5000) }));
      const error: unknown = await suite
        .harness()
        .provider({ ...options, timeoutMs: 100 })('gpt-4o-mini')
        .generate(hello)
        .catch((caught: unknown) => caught);
      if (!TimeoutError.isInstance(error))
        throw new Error(`expected a TimeoutError, got ${String(error)}`);
      expect(error.phase).toBe('request');
      expect(error.timeoutMs).toBe(100);
      expect(error.isRetryable).toBe(true);
    });

    it('times out a stream that goes silent after content, but not one that keeps sending', async () => {
      suite.harness().server.enqueue(
        openai.text('one two three', {
          chunks: ['one', ' two', ' three'],
          fault: fault.stall(5000, { afterChunks: 2 }),
        }),
        openai.text('a b c d e', { chunks: ['a', ' b', ' c', ' d', ' e'], paceMs: 50 }),
      );
      const model = suite.harness().provider({ ...options, timeoutMs: 250 })('gpt-4o-mini');
      const stream = await model.stream(hello);
      const error: unknown = await stream.final().catch((caught: unknown) => caught);
      expect((error as Error).name).toBe('StreamInterruptedError');
      expect(TimeoutError.isInstance((error as Error).cause)).toBe(true);
      // 9 events 50 ms apart: longer than timeoutMs in all, never silent for that long.
      expect(await (await model.stream(hello)).text()).toBe('a b c d e');
    });
  });
}
