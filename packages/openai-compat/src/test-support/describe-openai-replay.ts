import { LlmError, type ChatModel, type ChatResult } from '@org/llm-core';
import { peersDirStatus } from '@org/llm-test-support';
import { openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAIWireHarness } from './openai-wire-harness.ts';
import {
  expectReplayResult,
  recordedOpenAICases,
  type Expected,
} from './recorded-openai-expectations.ts';

// Replays every OpenAI recording in <peers>/fixtures/openai (every exchange of
// every cassette) through the fake server and checks that the neutral result
// holds what the recording holds. Expectations are computed from the recorded
// bytes by a deliberately naive reading, independent of the adapters.

/** The recordings the MANIFEST lists under fixtures/openai. */
const manifestRecordings = 33;

/** What one adapter's replay suite needs. */
export interface OpenAIReplaySuite<Options> {
  /** The suite's title. */
  readonly title: string;
  /** Starts the adapter's wire harness. */
  readonly harness: () => Promise<OpenAIWireHarness<Options, (modelId: string) => ChatModel>>;
  /**
   * Ways of building the adapter (transports, client variants): every
   * recording is replayed through each, and all must give the same result.
   */
  readonly variants: readonly { readonly name: string; readonly options: Options }[];
}

/** Registers the replay of every OpenAI recording for one adapter (skipped, with the reason printed, without the peers folder). */
export function describeOpenAIReplay<Options>(suite: OpenAIReplaySuite<Options>): void {
  const peers = peersDirStatus();
  if (!peers.found) {
    console.warn(
      `Recorded-response replay skipped: ${peers.reason}. Set LLM_PEERS_DIR to the peers folder to run it.`,
    );
  }
  const { files, cases } = peers.found ? recordedOpenAICases(peers.dir) : { files: [], cases: [] };

  let harness: OpenAIWireHarness<Options, (modelId: string) => ChatModel>;
  beforeAll(async () => {
    harness = await suite.harness();
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
    options: Options,
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

  /** What must be equal between variants: everything but the response headers (dates, lengths). */
  const comparable = (value: ChatResult | LlmError) =>
    LlmError.isInstance(value)
      ? { name: value.name, status: value.status, message: value.message }
      : { ...value, response: { ...value.response, headers: undefined } };

  describe.skipIf(!peers.found)(suite.title, () => {
    it(`covers every file of the MANIFEST (${manifestRecordings} OpenAI recordings)`, () => {
      expect(files).toHaveLength(manifestRecordings);
      expect(cases.length).toBeGreaterThan(files.length);
    });

    it.each(cases)('$label', async ({ path, exchange, expected }) => {
      const results: (ChatResult | LlmError)[] = [];
      for (const variant of suite.variants)
        results.push(await replay(path, exchange, expected, variant.options));
      const [first, ...others] = results;
      expectReplayResult(first!, expected);
      for (const [index, other] of others.entries()) {
        expect(comparable(other), suite.variants[index + 1]!.name).toEqual(comparable(first!));
      }
    });
  });
}
