import { LlmError, type ChatResult } from '@org/llm-core';
import { openai, peersDirStatus } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectReplayResult,
  recordedOpenAICases,
  type Expected,
} from '../../openai-compat/src/test-support/recorded-openai-expectations.ts';
import { createWireHarness, variants, type WireHarness } from './test-support/wire-harness.ts';

// Replays every OpenAI recording in <peers>/fixtures/openai (every exchange of
// every cassette) through the fake server and the SDK, and checks that the
// neutral result holds what the recording holds. The expectations are
// @org/llm-openai-http's, computed from the recorded bytes (compat package's
// test support); openai-equivalence.wire.test.ts compares the two adapters.

const peers = peersDirStatus();
if (!peers.found) {
  console.warn(
    `Recorded-response replay skipped: ${peers.reason}. Set LLM_PEERS_DIR to the peers folder to run it.`,
  );
}
const { files, cases } = peers.found ? recordedOpenAICases(peers.dir) : { files: [], cases: [] };

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

async function replay(
  path: string,
  exchange: number,
  expected: Expected,
  options: (typeof variants)[number]['options'],
): Promise<ChatResult | LlmError> {
  harness.server.enqueue(openai.fixture(path, { exchange }));
  const model = harness.provider(options)('gpt-4o-mini');
  const request = { messages: [{ role: 'user' as const, content: 'Replay the recording.' }] };
  try {
    return expected.streamed
      ? await (await model.stream(request)).final()
      : await model.generate(request);
  } catch (error) {
    if (LlmError.isInstance(error)) return error;
    throw error;
  }
}

describe.skipIf(!peers.found)('replay of every OpenAI recording through the SDK', () => {
  it('covers every file of the MANIFEST (33 OpenAI recordings)', () => {
    expect(files).toHaveLength(33);
    expect(cases.length).toBeGreaterThan(files.length);
  });

  it.each(cases)('$label', async ({ path, exchange, expected }) => {
    const results: (ChatResult | LlmError)[] = [];
    for (const variant of variants)
      results.push(await replay(path, exchange, expected, variant.options));
    expectReplayResult(results[0]!, expected);
    // Both ways of building the client give the same neutral result.
    const comparable = (value: ChatResult | LlmError) =>
      LlmError.isInstance(value)
        ? { name: value.name, status: value.status, message: value.message }
        : { ...value, response: { ...value.response, headers: undefined } };
    expect(comparable(results[1]!)).toEqual(comparable(results[0]!));
  });
});
