import {
  createRegistry,
  ModelRetiredError,
  UnsupportedFeatureError,
  type ChatModel,
  type ChatRequest,
  type ModelCapabilities,
} from '@org/llm-core';
import { captureWarnings, openai } from '@org/llm-testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenAIWireHarness } from './openai-wire-harness.ts';

// Model ids, the catalog's limits and prices, warnings and strict mode, for
// one OpenAI adapter: what the two adapters share through
// @org/llm-openai-compat (resolveOpenAIModel, prepareOpenAIRequest) and
// core (checkRequestWarnings, ChatStream's cost).

/** The per-model settings both OpenAI providers take. */
interface ModelSettings {
  readonly strict?: boolean | undefined;
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
}

/** What both OpenAI providers are, for this suite. */
type Provider = (modelId: string, settings?: ModelSettings) => ChatModel;

/** Options both OpenAI adapters take. */
interface Options {
  readonly apiKey?: string | undefined;
  readonly baseURL?: string | undefined;
  readonly strict?: boolean | undefined;
  readonly modelCapabilities?: Readonly<Record<string, Partial<ModelCapabilities>>> | undefined;
}

/** What one adapter's model suite needs. */
export interface OpenAIModelSuite<O extends Options> {
  /** The harness, started by the adapter's test file (which checks and resets it after each test). */
  readonly harness: () => OpenAIWireHarness<O, Provider>;
  /** The adapter's factory, for providers of OpenAI's own API (models are made, never called). */
  readonly create: (options: O) => Provider;
}

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
/** The day these checks are pinned to, so a model's lifecycle does not change under the tests. */
const today = new Date('2026-12-07T12:00:00Z');

/** Registers the model suite for one OpenAI adapter. */
export function describeOpenAIModels<O extends Options>(suite: OpenAIModelSuite<O>): void {
  const onOpenAI = (options: Options = {}): Provider =>
    suite.create({ apiKey: 'sk-test-0000', ...options } as O);
  const onServer = (options: Options = {}): Provider => suite.harness().provider(options as O);

  describe('model ids on OpenAI’s API', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('accepts a mistyped id but warns once with the closest known id and the capabilities assumed', () => {
      vi.useFakeTimers({ now: today, toFake: ['Date'] });
      using warnings = captureWarnings();
      onOpenAI()('gpt-4o-minii');
      onOpenAI()('gpt-4o-minii');
      expect(warnings.notices).toHaveLength(1);
      expect(warnings.notices[0]!.code).toBe('LLM_UNKNOWN_MODEL');
      expect(warnings.notices[0]!.message).toMatch(
        /^openai 'gpt-4o-minii' is not a model this adapter knows; did you mean 'gpt-4o-mini'\? It is sent as given, assuming tools, vision, JSON Schema output, no reasoning, a 128,000-token context window, at most 16,384 output tokens\./,
      );
    });

    it('warns that a deprecated model retires, with the date and the replacement', () => {
      vi.useFakeTimers({ now: today, toFake: ['Date'] });
      using warnings = captureWarnings();
      expect(onOpenAI()('gpt-4o-mini').capabilities.pricing?.inputPerMillion).toBe(0.15);
      expect(warnings.notices.map((notice) => notice.message)).toEqual([
        "openai 'gpt-4o-mini' is deprecated: OpenAI retires it on 2027-01-14, after which calls fail. Move to 'gpt-6-luna' before then. (Shown once per process.)",
      ]);
    });

    it('refuses a retired model when it is made, naming the replacement', () => {
      vi.useFakeTimers({ now: today, toFake: ['Date'] });
      expect(() => onOpenAI()('gpt-4-turbo')).toThrow(ModelRetiredError);
      expect(() => onOpenAI()('gpt-4-turbo')).toThrow(
        "openai 'gpt-4-turbo' was retired by OpenAI on 2026-10-23 and no longer answers; use 'gpt-5.6-sol' instead, OpenAI's recommended replacement.",
      );
    });

    it('says nothing of a current model, or of one whose capabilities the caller declared', () => {
      vi.useFakeTimers({ now: today, toFake: ['Date'] });
      using warnings = captureWarnings();
      onOpenAI()('gpt-6-luna');
      onOpenAI({ modelCapabilities: { 'ft:my-model': { vision: true } } })('ft:my-model');
      onOpenAI()('ft:other-model', { capabilities: { reasoning: true } });
      expect(warnings.notices).toEqual([]);
    });

    it('leaves a compatible server’s ids alone: its models are its own', async () => {
      using warnings = captureWarnings();
      suite.harness().server.enqueue(openai.text('Hi'));
      expect((await onServer()('gpt-4-turbo').generate(hello)).text).toBe('Hi');
      onServer()('llama3.1:8b');
      expect(warnings.notices).toEqual([]);
    });
  });

  describe('limits, prices and warnings', () => {
    const usage = { promptTokens: 2000, completionTokens: 100, cachedTokens: 1000 };
    // gpt-6-luna: $0.10 input, $0.01 cached input, $0.50 output per million tokens.
    const expectedTotal = (1000 * 0.1 + 1000 * 0.01 + 100 * 0.5) / 1_000_000;

    it('puts the cost on every result, generated or streamed', async () => {
      const model = onServer()('gpt-6-luna');
      suite.harness().server.enqueue(openai.text('Hi', { usage }));
      const generated = await model.generate(hello);
      expect(generated.cost?.total).toBeCloseTo(expectedTotal, 12);
      expect(generated.cost?.cachedInput).toBeCloseTo((1000 * 0.01) / 1_000_000, 12);
      suite.harness().server.enqueue(openai.text('Hi', { usage }));
      const streamed = await (await model.stream(hello)).final();
      expect(streamed.cost?.total).toBeCloseTo(expectedTotal, 12);
      // A model without known prices has no cost.
      suite.harness().server.enqueue(openai.text('Hi', { usage }));
      expect((await onServer()('llama3.1:8b').generate(hello)).cost).toBeUndefined();
    });

    it('caps maxOutputTokens at the model’s limit, with a warning', async () => {
      suite.harness().server.enqueue(openai.text('Hi'));
      const result = await onServer()('gpt-6-luna').generate({
        ...hello,
        maxOutputTokens: 500_000,
      });
      expect(suite.harness().server.lastRequest.body).toMatchObject({
        max_completion_tokens: 128_000,
      });
      expect(result.warnings).toEqual([
        {
          type: 'unsupported-setting',
          setting: 'maxOutputTokens',
          details: "capped at 128000, the most 'gpt-6-luna' generates per response",
        },
      ]);
    });

    it('reports a dropped setting on every result and to a person once', async () => {
      using warnings = captureWarnings();
      const model = onServer()('gpt-6-luna');
      for (let call = 0; call < 2; call++) {
        suite.harness().server.enqueue(openai.text('Hi'));
        const result = await model.generate({ ...hello, temperature: 0.2 });
        expect(
          result.warnings.map(
            (warning) => warning.type === 'unsupported-setting' && warning.setting,
          ),
        ).toEqual(['temperature']);
      }
      expect(
        warnings.notices.map((notice) => [notice.code, notice.modelId, notice.subject]),
      ).toEqual([['LLM_UNSUPPORTED_SETTING', 'gpt-6-luna', 'temperature']]);
    });

    it('in strict mode (per provider, per model, per registry) fails before the call instead', async () => {
      const strictModels = [
        onServer({ strict: true })('gpt-6-luna'),
        onServer()('gpt-6-luna', { strict: true }),
        createRegistry({ openai: onServer() }, { strict: true }).chatModel('openai:gpt-6-luna'),
      ];
      for (const model of strictModels) {
        await expect(model.generate({ ...hello, temperature: 0.2 })).rejects.toThrow(
          UnsupportedFeatureError,
        );
        await expect(model.stream({ ...hello, maxOutputTokens: 500_000 })).rejects.toThrow(
          /strict mode is on, so nothing was sent:\n- maxOutputTokens: capped at 128000/,
        );
      }
      expect(suite.harness().server.requests).toEqual([]);
    });
  });
}
