import {
  TimeoutError,
  type ChatModel,
  type ChatRequest,
  type StreamInterruptedError,
} from '@org/llm-core';
import { eventually, fakeWireClock } from '@org/llm-test-support/wire-clock';
import { fault, openai, type FakeContentEncoding } from '@org/llm-testkit';
import { describe, expect, it, vi } from 'vitest';
import {
  echoingKey,
  expectFault,
  expectNoKeyIn,
  failureOf,
  faultCases,
  faultTestApiKey,
  faultTestKeys,
} from './openai-fault-cases.ts';
import type { OpenAIWireHarness } from './openai-wire-harness.ts';

// The fault table, the caller-abort cases and the adapter's timeoutMs, on the wire, for one OpenAI
// adapter built each of its ways. The adapter's file adds what is its own.

/** The options every OpenAI adapter takes that the suite sets. */
interface SuiteOptions {
  readonly timeoutMs?: number | undefined;
  readonly apiKey?: string | (() => string | Promise<string>) | undefined;
}

const encodings: readonly FakeContentEncoding[] = ['gzip', 'deflate', 'br', 'zstd'];

/** What one adapter's fault suite needs. */
export interface OpenAIFaultSuite<Options extends SuiteOptions> {
  /** The harness, started by the adapter's test file (which checks and resets it after each test). */
  readonly harness: () => OpenAIWireHarness<Options, (modelId: string) => ChatModel>;
  /** Ways of building the adapter; every case runs through each. */
  readonly variants: readonly { readonly name: string; readonly options: Options }[];
}

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };

/**
 * Registers, per variant, every row of the shared fault table (with each
 * key of `faultTestKeys`, which the server echoes back everywhere it can),
 * the abort cases, the adapter timeout (error bodies that stall included)
 * and compressed answers.
 */
export function describeOpenAIFaults<Options extends SuiteOptions>(
  suite: OpenAIFaultSuite<Options>,
): void {
  const model = (options: Options) => suite.harness().provider(options)('gpt-4o-mini');
  const server = () => suite.harness().server;

  /** Resolves once the fake server has recorded a request (polling the event loop, not the clock). */
  async function waitForRequest(): Promise<void> {
    while (suite.harness().server.requests.length === 0)
      await new Promise((resolve) => setImmediate(resolve));
  }

  describe.each(suite.variants)('faults with $name', ({ options }) => {
    const rows = faultCases.flatMap((row) =>
      row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
    );

    describe.each(faultTestKeys)('and $name echoed back', ({ apiKey, secret }) => {
      it.each(rows)('$label', async (row) => {
        suite.harness().server.enqueue(echoingKey(row.script()));
        // The adapters read the event stream themselves: nothing is logged, even for a malformed line.
        const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
          expectFault(row, await failureOf(model({ ...options, apiKey }), row.call), secret);
          expect(log).not.toHaveBeenCalled();
        } finally {
          log.mockRestore();
        }
      });
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
      // On a faked clock: the answer never starts, and the deadline expires
      // when the clock reaches it, however slow the machine.
      using _clock = fakeWireClock();
      suite.harness().server.enqueue(openai.text('late', { fault: fault.slowFirstByte(60_000) }));
      const pending = suite
        .harness()
        .provider({ ...options, timeoutMs: 100 })('gpt-4o-mini')
        .generate(hello)
        .catch((caught: unknown) => caught);
      await waitForRequest();
      await vi.advanceTimersByTimeAsync(100);
      const error = await pending;
      if (!TimeoutError.isInstance(error))
        throw new Error(`expected a TimeoutError, got ${String(error)}`);
      expect(error.phase).toBe('request');
      expect(error.timeoutMs).toBe(100);
      expect(error.isRetryable).toBe(true);
      expectNoKeyIn(error, faultTestApiKey);
    });

    it.each([
      ['500', () => openai.error(500, { message: 'late', fault: fault.stall(60_000) })],
      ['429', () => openai.rateLimited({ fault: fault.stall(60_000) })],
      [
        '302 without a location',
        () => openai.raw({ status: 302, body: 'Found', fault: fault.stall(60_000) }),
      ],
    ])(
      'times out an error answer (%s) whose body stalls after the status and headers',
      async (_status, script) => {
        suite.harness().server.enqueue(echoingKey(script()));
        const timed = suite.harness().provider({ ...options, timeoutMs: 150 })('gpt-4o-mini');
        for (const call of ['generate', 'stream'] as const) {
          if (call === 'stream') suite.harness().server.enqueue(echoingKey(script()));
          const { error } = await failureOf(timed, call);
          if (!TimeoutError.isInstance(error))
            throw new Error(`expected a TimeoutError from ${call}, got ${String(error)}`);
          expect(error.timeoutMs).toBe(150);
          expectNoKeyIn(error, faultTestApiKey);
        }
      },
    );

    it('times out a stream that goes silent after content, but not one that keeps sending', async () => {
      // On a faked clock, moved only once the client has the text sent
      // before each pause, so no deadline can expire while bytes are on
      // their way, however slow the machine.
      using _clock = fakeWireClock();
      const timeoutMs = 250;
      const model = suite.harness().provider({ ...options, timeoutMs })('gpt-4o-mini');
      suite.harness().server.enqueue(
        openai.text('one two three', {
          chunks: ['one', ' two', ' three'],
          fault: fault.stall(60_000, { afterChunks: 2 }),
        }),
      );
      // stream() resolves at the first content, the last event before the stall.
      const silent = await model.stream(hello);
      const ended = silent.final().catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(timeoutMs);
      const error = await ended;
      expect((error as Error).name).toBe('StreamInterruptedError');
      expect((error as StreamInterruptedError).partialText).toBe('one');
      expect(TimeoutError.isInstance((error as Error).cause)).toBe(true);
      expectNoKeyIn(error, faultTestApiKey);

      // A pause shorter than timeoutMs after each of the first four deltas:
      // 4 × 200 ms in all, longer than timeoutMs, never silent for that long.
      const pauseMs = 200;
      suite.harness().server.enqueue(
        openai.text('a b c d e', {
          chunks: ['a', ' b', ' c', ' d', ' e'],
          fault: [2, 3, 4, 5].map((afterChunks) => fault.stall(pauseMs, { afterChunks })),
        }),
      );
      const talking = await model.stream(hello);
      const parts = talking[Symbol.asyncIterator]();
      let text = '';
      const readUntil = async (expected: string): Promise<void> => {
        while (text !== expected) {
          const next = await parts.next();
          if (next.done === true) throw new Error(`The stream ended at ${JSON.stringify(text)}.`);
          if (next.value.type === 'text-delta') text += next.value.delta;
        }
      };
      for (const upTo of ['a', 'a b', 'a b c', 'a b c d']) {
        await readUntil(upTo);
        await eventually(() => server().paused === 1, `the pause after ${JSON.stringify(upTo)}`);
        await vi.advanceTimersByTimeAsync(pauseMs);
      }
      await readUntil('a b c d e');
      while ((await parts.next()).done !== true) {
        // The finish part and the end of the stream.
      }
      expect((await talking.final()).text).toBe('a b c d e');
    });

    it.each(encodings)(
      'decodes a %s answer: a JSON body, a whole stream, and a stream as it arrives',
      async (contentEncoding) => {
        const text = 'Compressed answers read the same';
        const chunks = ['Compressed', ' answers', ' read the same'];
        suite.harness().server.enqueue(
          openai.text(text, { contentEncoding }),
          openai.text(text, { contentEncoding, chunks }),
          // The server holds back the rest after two deltas: they arrive only if each is decoded at once.
          openai.text(text, {
            contentEncoding,
            chunks,
            fault: fault.stall(60_000, { afterChunks: 3 }),
          }),
        );
        const compressed = model(options);
        expect((await compressed.generate(hello)).text).toBe(text);
        expect(await (await compressed.stream(hello)).text()).toBe(text);
        const deltas: string[] = [];
        for await (const part of await compressed.stream(hello)) {
          if (part.type === 'text-delta') deltas.push(part.delta);
          if (deltas.length === 2) break;
        }
        expect(deltas).toEqual(['Compressed', ' answers']);
      },
    );

    it('decodes a compressed error body', async () => {
      suite
        .harness()
        .server.enqueue(
          openai.error(401, { message: 'Incorrect API key provided', contentEncoding: 'gzip' }),
        );
      const { error } = await failureOf(model(options), 'generate');
      expect((error as Error).message).toContain('HTTP 401');
      expect((error as Error).message).toContain(': Incorrect API key provided.');
    });
  });
}
