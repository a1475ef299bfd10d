import type { ChatRequest } from '@org/llm-core';
import { fault, openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectFault,
  failureOf,
  faultCases,
} from '../../openai-compat/src/test-support/openai-fault-cases.ts';
import { createWireHarness, transports, type WireHarness } from './test-support/wire-harness.ts';

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

describe.each(transports)('faults over $name', ({ options }) => {
  const rows = faultCases.flatMap((row) =>
    row.calls.map((call) => ({ ...row, call, label: `${row.name} (${call})` })),
  );

  it.each(rows)('$label', async (row) => {
    harness.server.enqueue(row.script());
    const outcome = await failureOf(harness.provider(options)('gpt-4o-mini'), row.call);
    expectFault(row, outcome);
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
    // The request reaches the server, whose answer then stalls; abort only then.
    await waitForRequest();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects with the abort reason when a stall is aborted after content', async () => {
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
});

/** Resolves once the fake server has recorded a request (polling the event loop, not the clock). */
async function waitForRequest(): Promise<void> {
  while (harness.server.requests.length === 0)
    await new Promise((resolve) => setImmediate(resolve));
}
