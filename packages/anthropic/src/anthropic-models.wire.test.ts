import {
  createRegistry,
  ModelRetiredError,
  UnsupportedFeatureError,
  type ChatRequest,
} from '@org/llm-core';
import { anthropic, captureWarnings } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnthropic } from './create-anthropic.ts';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
  vi.useRealTimers();
});
afterAll(async () => {
  await harness.close();
});

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
/** The day these checks are pinned to, so a model's lifecycle does not change under the tests. */
const today = new Date('2026-12-07T12:00:00Z');
/** A provider of Anthropic's own API: models are made, never called. */
const onAnthropic = () => createAnthropic({ apiKey: 'sk-ant-test-0000' });

describe('model ids on Anthropic’s API', () => {
  it('accepts a mistyped id but warns once with the closest known id and the capabilities assumed', () => {
    vi.useFakeTimers({ now: today, toFake: ['Date'] });
    using warnings = captureWarnings();
    const model = onAnthropic()('claude-sonet-4-6');
    onAnthropic()('claude-sonet-4-6');
    expect(model.capabilities.maxOutputTokens).toBe(4096);
    expect(warnings.notices.map((notice) => [notice.code, notice.message])).toEqual([
      [
        'LLM_UNKNOWN_MODEL',
        "anthropic 'claude-sonet-4-6' is not a model this adapter knows; did you mean 'claude-sonnet-4-6'? It is sent as given, assuming tools, no vision, JSON mode but no JSON Schema output, no reasoning, no known context window, at most 4,096 output tokens. If the id is right, declare what it can do with createAnthropic({ models: { 'claude-sonet-4-6': { maxOutputTokens, contextWindow, vision, structuredOutput, ... } } }) to silence this. (Shown once per process.)",
      ],
    ]);
  });

  it('refuses a retired model when it is made (claude-sonnet-4-5 reached end of life on 2026-11-30)', () => {
    vi.useFakeTimers({ now: today, toFake: ['Date'] });
    let thrown: unknown;
    try {
      onAnthropic()('claude-sonnet-4-5-20250929');
    } catch (error) {
      thrown = error;
    }
    expect(ModelRetiredError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      endOfLifeOn: '2026-11-30',
      replacement: 'claude-sonnet-5-5',
      message:
        "anthropic 'claude-sonnet-4-5-20250929' was retired by Anthropic on 2026-11-30 and no longer answers; use 'claude-sonnet-5-5' instead, Anthropic's recommended replacement.",
    });
    // Through a registry too: the id from configuration fails at start-up.
    expect(() =>
      createRegistry({ anthropic: onAnthropic() }).chatModel('anthropic:claude-sonnet-4-0'),
    ).toThrow(/retired by Anthropic on 2026-06-15.*use 'claude-sonnet-4-6' instead/);
  });

  it('warns that a deprecated model retires, with the date and the replacement', () => {
    vi.useFakeTimers({ now: today, toFake: ['Date'] });
    using warnings = captureWarnings();
    onAnthropic()('claude-opus-4-5');
    expect(warnings.notices.map((notice) => notice.message)).toEqual([
      "anthropic 'claude-opus-4-5' is deprecated: Anthropic retires it on 2027-01-22, after which calls fail. Move to 'claude-opus-5-5' before then. (Shown once per process.)",
    ]);
  });

  it('says nothing of a current or declared model, nor of a compatible host’s ids', async () => {
    vi.useFakeTimers({ now: today, toFake: ['Date'] });
    using warnings = captureWarnings();
    onAnthropic()('claude-sonnet-5-5');
    createAnthropic({ apiKey: 'k', models: { 'claude-next': { maxOutputTokens: 64_000 } } })(
      'claude-next',
    );
    harness.server.enqueue(anthropic.text('Hi'));
    expect((await harness.provider()('claude-sonnet-4-5').generate(hello)).text).toBe('Hi');
    expect(warnings.notices).toEqual([]);
  });
});

describe('prices, warnings and strict mode', () => {
  // claude-sonnet-5-5: $2 input, $0.20 cache read, $2.50 cache write, $10 output per million tokens.
  const usage = {
    inputTokens: 1000,
    cacheReadInputTokens: 2000,
    cacheCreationInputTokens: 1000,
    outputTokens: 100,
  };
  const expectedTotal = (1000 * 2 + 2000 * 0.2 + 1000 * 2.5 + 100 * 10) / 1_000_000;

  it('puts the cost on every result, generated or streamed', async () => {
    const model = harness.provider()('claude-sonnet-5-5');
    expect(model.capabilities.pricing).toMatchObject({ inputPerMillion: 2, outputPerMillion: 10 });
    harness.server.enqueue(anthropic.text('Hi', { usage }));
    const generated = await model.generate(hello);
    expect(generated.cost?.total).toBeCloseTo(expectedTotal, 12);
    expect(generated.cost?.cacheWrite).toBeCloseTo((1000 * 2.5) / 1_000_000, 12);
    harness.server.enqueue(anthropic.text('Hi', { usage }));
    const streamed = await (await model.stream(hello)).final();
    expect(streamed.cost?.total).toBeCloseTo(expectedTotal, 12);
  });

  it('bills Claude Haiku 5.5 past 100K input tokens at its long-context prices', async () => {
    harness.server.enqueue(
      anthropic.text('Hi', { usage: { inputTokens: 200_000, outputTokens: 1000 } }),
    );
    const result = await harness.provider()('claude-haiku-5-5').generate(hello);
    expect(result.cost?.total).toBeCloseTo((200_000 * 0.5 + 1000 * 2.5) / 1_000_000, 12);
  });

  it('reports a dropped setting on every result and to a person once', async () => {
    using warnings = captureWarnings();
    const model = harness.provider()('claude-sonnet-5-5');
    for (let call = 0; call < 2; call++) {
      harness.server.enqueue(anthropic.text('Hi'));
      const result = await model.generate({ ...hello, temperature: 0.2 });
      expect(result.warnings).toMatchObject([
        { type: 'unsupported-setting', setting: 'temperature' },
      ]);
    }
    expect(warnings.notices.map((notice) => notice.subject)).toEqual(['temperature']);
    expect(warnings.notices[0]!.message).toMatch(
      /^anthropic 'claude-sonnet-5-5' did not take temperature as given: .*Change or remove temperature in the request/,
    );
  });

  it('in strict mode (per provider, per model, per registry) fails before the call instead', async () => {
    const models = [
      harness.provider({ strict: true })('claude-sonnet-5-5'),
      harness.provider()('claude-sonnet-5-5', { strict: true }),
      createRegistry({ anthropic: harness.provider() }, { strict: true }).chatModel(
        'anthropic:claude-sonnet-5-5',
      ),
    ];
    for (const model of models) {
      await expect(model.generate({ ...hello, temperature: 0.2 })).rejects.toThrow(
        UnsupportedFeatureError,
      );
      await expect(model.stream({ ...hello, maxOutputTokens: 500_000 })).rejects.toThrow(
        /strict mode is on, so nothing was sent:\n- maxOutputTokens: capped at 128000/,
      );
    }
    expect(harness.server.requests).toEqual([]);
  });
});
