import { InvalidRequestError, type ChatRequest } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { anthropicApiVersionFeatures } from './anthropic-api-version.ts';
import {
  findAnthropicModelSpec,
  unknownAnthropicModelSpec,
  type AnthropicModelSpec,
} from './anthropic-model-catalog.ts';
import { prepareAnthropicRequest } from './prepare-anthropic-request.ts';

const user: ChatRequest['messages'] = [{ role: 'user', content: 'Hi' }];

function prepare(
  request: Partial<ChatRequest>,
  options: { modelId?: string; version?: string; spec?: AnthropicModelSpec; known?: boolean } = {},
) {
  const modelId = options.modelId ?? 'claude-haiku-4-5';
  const spec = options.spec ?? findAnthropicModelSpec(modelId) ?? unknownAnthropicModelSpec;
  return prepareAnthropicRequest(
    { messages: user, ...request },
    {
      provider: 'anthropic',
      modelId,
      spec,
      specKnown: options.known ?? spec !== unknownAnthropicModelSpec,
      version: anthropicApiVersionFeatures(options.version ?? '2026-10-21'),
    },
  );
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('prepareAnthropicRequest: max_tokens', () => {
  it("defaults max_tokens to the model's output limit from the catalog", () => {
    expect(prepare({}, { modelId: 'claude-haiku-4-5' }).body.max_tokens).toBe(64_000);
    expect(prepare({}, { modelId: 'claude-opus-4-7' }).body.max_tokens).toBe(128_000);
    expect(prepare({}, { modelId: 'claude-sonnet-4-5-20250929' }).body.max_tokens).toBe(64_000);
  });

  it('uses the conservative default for an unknown model and never caps what the caller asks there', () => {
    expect(prepare({}, { modelId: 'my-proxy-model' }).body.max_tokens).toBe(4096);
    const asked = prepare({ maxOutputTokens: 50_000 }, { modelId: 'my-proxy-model' });
    expect(asked.body.max_tokens).toBe(50_000);
    expect(asked.warnings).toEqual([]);
  });

  it("caps maxOutputTokens at a known model's limit, with a warning", () => {
    const out = prepare({ maxOutputTokens: 100_000 }, { modelId: 'claude-haiku-4-5' });
    expect(out.body.max_tokens).toBe(64_000);
    expect(out.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'maxOutputTokens',
        details: expect.stringContaining('64000'),
      },
    ]);
  });
});

describe('prepareAnthropicRequest: sampling parameters by API version', () => {
  it('turns temperature and topP into warnings under 2026-10-21, never a silent drop', () => {
    const out = prepare({ temperature: 0.3, topP: 0.9 });
    expect(out.body.temperature).toBeUndefined();
    expect(out.body.top_p).toBeUndefined();
    expect(
      out.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting),
    ).toEqual(['temperature', 'topP']);
    expect(JSON.stringify(out.warnings)).toContain('2026-10-21');
  });

  it('does not check the 0..1 range under 2026-10-21 (the value is not sent)', () => {
    expect(prepare({ temperature: 1.5 }).warnings).toHaveLength(1);
  });

  it('sends temperature under 2023-06-01 and rejects values above 1 before the call, naming the field', () => {
    expect(prepare({ temperature: 0.7 }, { version: '2023-06-01' }).body.temperature).toBe(0.7);
    const error = thrown(() => prepare({ temperature: 1.2 }, { version: '2023-06-01' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'temperature', message: 'must be between 0 and 1 for Anthropic, got 1.2' },
    ]);
  });

  it('never sends temperature and top_p together (temperature wins)', () => {
    const out = prepare({ temperature: 0.5, topP: 0.8 }, { version: '2023-06-01' });
    expect(out.body).toMatchObject({ temperature: 0.5 });
    expect(out.body.top_p).toBeUndefined();
    expect(out.warnings).toEqual([expect.objectContaining({ setting: 'topP' })]);
    expect(prepare({ topP: 0.8 }, { version: '2023-06-01' }).body.top_p).toBe(0.8);
  });

  it('warns for models that reject sampling parameters even under 2023-06-01', () => {
    const out = prepare(
      { temperature: 0.2 },
      { version: '2023-06-01', modelId: 'claude-opus-4-7' },
    );
    expect(out.body.temperature).toBeUndefined();
    expect(out.warnings[0]).toMatchObject({
      setting: 'temperature',
      details: expect.stringContaining('claude-opus-4-7'),
    });
  });

  it('checks top_k passed through providerOptions like the other sampling fields', () => {
    expect(
      prepare({ providerOptions: { anthropic: { top_k: 5 } } }, { version: '2023-06-01' }).body
        .top_k,
    ).toBe(5);
    const out = prepare({ providerOptions: { anthropic: { top_k: 5 } } });
    expect(out.body.top_k).toBeUndefined();
    expect(out.warnings[0]).toMatchObject({ setting: 'providerOptions.anthropic.top_k' });
  });
});

describe('prepareAnthropicRequest: reasoning', () => {
  it('maps effort to output_config.effort with adaptive thinking on adaptive models', () => {
    const out = prepare({ reasoning: { effort: 'xhigh' } }, { modelId: 'claude-opus-4-7' });
    expect(out.body.thinking).toEqual({ type: 'adaptive' });
    expect(out.body.output_config).toEqual({ effort: 'xhigh' });
    expect(out.warnings).toEqual([]);
  });

  it('clamps an effort level the model lacks to the next lower one, with a warning', () => {
    const out = prepare({ reasoning: { effort: 'xhigh' } }, { modelId: 'claude-opus-4-6' });
    expect(out.body.output_config).toEqual({ effort: 'high' });
    expect(out.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'reasoning.effort',
        details: expect.stringContaining("sent as 'high'"),
      },
    ]);
    expect(
      prepare({ reasoning: { effort: 'minimal' } }, { modelId: 'claude-opus-4-7' }).body
        .output_config,
    ).toEqual({
      effort: 'low',
    });
  });

  it("maps 'max' where the model has it and clamps it where it does not", () => {
    expect(
      prepare({ reasoning: { effort: 'max' } }, { modelId: 'claude-opus-4-7' }).body.output_config,
    ).toEqual({
      effort: 'max',
    });
    const out = prepare({ reasoning: { effort: 'max' } }, { modelId: 'claude-opus-4-5' });
    expect(out.body.output_config).toEqual({ effort: 'high' });
    expect(out.warnings[0]).toMatchObject({ setting: 'reasoning.effort' });
  });

  it("sends no thinking settings for effort 'none', and says so where the model may think anyway", () => {
    const manual = prepare({ reasoning: { effort: 'none' } }, { modelId: 'claude-haiku-4-5' });
    expect(manual.body.thinking).toBeUndefined();
    expect(manual.body.output_config).toBeUndefined();
    expect(manual.warnings).toEqual([]);
    const adaptive = prepare({ reasoning: { effort: 'none' } }, { modelId: 'claude-opus-5-5' });
    expect(adaptive.body.thinking).toBeUndefined();
    expect(adaptive.warnings).toEqual([
      expect.objectContaining({
        setting: 'reasoning.effort',
        details: expect.stringContaining("{ type: 'disabled' }"),
      }),
    ]);
  });

  it('maps budgetTokens to thinking.budget_tokens where the model takes a budget', () => {
    expect(prepare({ reasoning: { budgetTokens: 2048 } }).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 2048,
    });
    expect(
      prepare({ reasoning: { budgetTokens: 4096 } }, { modelId: 'claude-opus-4-6' }).body.thinking,
    ).toEqual({
      type: 'enabled',
      budget_tokens: 4096,
    });
  });

  it('warns for a budget on an adaptive-only model instead of sending a 400', () => {
    const out = prepare({ reasoning: { budgetTokens: 4096 } }, { modelId: 'claude-opus-4-8' });
    expect(out.body.thinking).toEqual({ type: 'adaptive' });
    expect(out.warnings[0]).toMatchObject({ setting: 'reasoning.budgetTokens' });
  });

  it('thinks with a budget derived from the effort on models without effort levels, and says so', () => {
    const out = prepare({ reasoning: { effort: 'medium' } }, { modelId: 'claude-haiku-4-5' });
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(out.body.output_config).toBeUndefined();
    expect(out.warnings[0]).toMatchObject({
      setting: 'reasoning.effort',
      details: expect.stringContaining('8192'),
    });
  });

  it('rejects budgets below 1024 or not below max_tokens, naming the field', () => {
    expect(
      (thrown(() => prepare({ reasoning: { budgetTokens: 500 } })) as InvalidRequestError).issues[0]
        ?.path,
    ).toBe('reasoning.budgetTokens');
    expect(() => prepare({ maxOutputTokens: 2000, reasoning: { budgetTokens: 2000 } })).toThrow(
      /less than maxOutputTokens/,
    );
  });

  it('drops sampling parameters while thinking, with a warning', () => {
    const out = prepare(
      { temperature: 0.5, reasoning: { budgetTokens: 2048 } },
      { version: '2023-06-01' },
    );
    expect(out.body.temperature).toBeUndefined();
    expect(out.warnings[0]).toMatchObject({
      setting: 'temperature',
      details: expect.stringContaining('thinking'),
    });
  });

  it('does not think when the tool choice forces a tool (Anthropic rejects the pair)', () => {
    const out = prepare(
      {
        reasoning: { budgetTokens: 2048 },
        tools: [{ name: 'lookup', inputSchema: { type: 'object' } }],
        toolChoice: 'required',
      },
      {},
    );
    expect(out.body.thinking).toBeUndefined();
    expect(out.body.tool_choice).toEqual({ type: 'any' });
    expect(out.warnings[0]).toMatchObject({ setting: 'reasoning' });
  });

  it('sends reasoning settings as given to an unknown model', () => {
    const out = prepare(
      { reasoning: { effort: 'high', budgetTokens: 2048 } },
      { modelId: 'other-model' },
    );
    expect(out.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(out.body.output_config).toEqual({ effort: 'high' });
  });
});

describe('prepareAnthropicRequest: structured output', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

  it('uses native output_config.format where the model supports it', () => {
    const out = prepare(
      { responseFormat: { type: 'json-schema', schema, name: 'place' } },
      { modelId: 'claude-sonnet-4-5' },
    );
    expect(out.structuredOutput).toBe('native');
    expect(out.body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(out.body.tools).toBeUndefined();
  });

  it('forces a tool carrying the schema where the model has no native structured output', () => {
    const out = prepare(
      { responseFormat: { type: 'json-schema', schema, name: 'place' } },
      { modelId: 'some-compatible-model' },
    );
    expect(out.structuredOutput).toBe('tool');
    expect(out.structuredToolName).toBe('place');
    expect(out.body.tools).toEqual([
      {
        name: 'place',
        description: 'Give your answer as the input of this tool.',
        input_schema: schema,
      },
    ]);
    expect(out.body.tool_choice).toEqual({ type: 'tool', name: 'place' });
    expect(out.body.output_config).toBeUndefined();
  });

  it('lets providerOptions choose the mode, and merges output_config from providerOptions', () => {
    const out = prepare(
      {
        responseFormat: { type: 'json-schema', schema },
        reasoning: { effort: 'low' },
        providerOptions: {
          anthropic: { structuredOutput: 'tool', output_config: { task_budget: 1 } },
        },
      },
      { modelId: 'claude-opus-4-7' },
    );
    expect(out.structuredOutput).toBe('tool');
    expect(out.structuredToolName).toBe('json');
    expect(out.body.output_config).toEqual({ effort: 'low', task_budget: 1 });
  });

  it('serves JSON mode with a forced tool taking any object', () => {
    const out = prepare({ responseFormat: { type: 'json' } }, { modelId: 'claude-sonnet-4-5' });
    expect(out.structuredOutput).toBe('tool');
    expect(out.body.tools).toEqual([
      expect.objectContaining({ name: 'json', input_schema: { type: 'object' } }),
    ]);
  });
});

describe('prepareAnthropicRequest: other settings', () => {
  it('maps stop sequences and rejects whitespace-only ones', () => {
    expect(prepare({ stop: ['END', '\n\nHuman:'] }).body.stop_sequences).toEqual([
      'END',
      '\n\nHuman:',
    ]);
    expect(
      (thrown(() => prepare({ stop: ['ok', '  '] })) as InvalidRequestError).issues[0]?.path,
    ).toBe('stop[1]');
  });

  it('reports seed as unsupported', () => {
    expect(prepare({ seed: 7 }).warnings).toEqual([expect.objectContaining({ setting: 'seed' })]);
  });

  it('passes Anthropic-only body fields through providerOptions.anthropic and guards the reserved ones', () => {
    const out = prepare({
      providerOptions: {
        anthropic: {
          metadata: { user_id: 'user-42' },
          service_tier: 'standard_only',
          cacheControl: { type: 'ephemeral' },
          betas: ['context-1m-2025-08-07'],
          model: 'other',
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        },
        openai: { user: 'ignored' },
      },
    });
    expect(out.body).toMatchObject({
      model: 'claude-haiku-4-5',
      metadata: { user_id: 'user-42' },
      service_tier: 'standard_only',
      cache_control: { type: 'ephemeral' },
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    expect(out.body).not.toHaveProperty('betas');
    expect(out.body).not.toHaveProperty('user');
    expect(out.betas).toEqual(['context-1m-2025-08-07']);
    expect(out.warnings).toEqual([
      expect.objectContaining({ setting: 'providerOptions.anthropic.model' }),
    ]);
  });

  it('rejects invalid typed options with their path', () => {
    const error = thrown(() =>
      prepare({ providerOptions: { anthropic: { structuredOutput: 'xml' } } }),
    );
    expect((error as InvalidRequestError).issues[0]?.path).toBe(
      'providerOptions.anthropic.structuredOutput',
    );
  });
});
