import { afterEach, describe, expect, it } from 'vitest';
import { ModelRetiredError } from '../errors/model-retired-error.ts';
import type { ModelInfo } from '../spec/model-info.ts';
import { resetReportedWarnings, setWarningHandler } from '../warnings/report-warning.ts';
import type { WarningNotice } from '../warnings/warning-notice.ts';
import { checkModelId } from './check-model-id.ts';
import { modelStatus } from './model-status.ts';

const capabilities = {
  tools: true,
  parallelToolCalls: true,
  vision: true,
  jsonOutput: true,
  jsonSchemaOutput: true,
  reasoning: true,
};
const catalog: readonly ModelInfo[] = [
  { provider: 'anthropic', modelId: 'claude-sonnet-5-5', capabilities },
  { provider: 'anthropic', modelId: 'claude-sonnet-4-6', capabilities },
  {
    provider: 'anthropic',
    modelId: 'claude-opus-4-5',
    capabilities,
    endOfLifeOn: '2027-01-22',
    replacement: 'claude-opus-5-5',
  },
  {
    provider: 'anthropic',
    modelId: 'claude-sonnet-4-5',
    capabilities,
    deprecatedOn: '2026-09-30',
    endOfLifeOn: '2026-11-30',
    replacement: 'claude-sonnet-5-5',
  },
  { provider: 'anthropic', modelId: 'claude-old', capabilities, endOfLifeOn: '2025-01-01' },
];
const now = new Date('2026-12-07T12:00:00Z');

function check(modelId: string, at: Date = now): ModelInfo | undefined {
  return checkModelId({
    provider: 'anthropic',
    providerName: 'Anthropic',
    modelId,
    catalog,
    find: (id) => catalog.find((entry) => entry.modelId === id),
    assumed: {
      ...capabilities,
      vision: false,
      jsonSchemaOutput: false,
      reasoning: false,
      maxOutputTokens: 4096,
    },
    declare: "declare it with createAnthropic({ models: { 'id': { ... } } })",
    now: at,
  });
}

function capture(): { notices: WarningNotice[] } & Disposable {
  const notices: WarningNotice[] = [];
  resetReportedWarnings();
  const handler = setWarningHandler((notice) => notices.push(notice));
  return {
    notices,
    [Symbol.dispose]: () => {
      handler[Symbol.dispose]();
    },
  };
}

describe('checkModelId', () => {
  afterEach(() => {
    resetReportedWarnings();
  });

  it('returns a current model quietly', () => {
    using captured = capture();
    expect(check('claude-sonnet-5-5')?.modelId).toBe('claude-sonnet-5-5');
    expect(captured.notices).toEqual([]);
  });

  it('accepts an unknown id but warns once with the closest known id and what is assumed', () => {
    using captured = capture();
    expect(check('claude-sonet-4-6')).toBeUndefined();
    expect(check('claude-sonet-4-6')).toBeUndefined();
    expect(captured.notices).toHaveLength(1);
    expect(captured.notices[0]).toMatchObject({ code: 'LLM_UNKNOWN_MODEL', subject: 'model' });
    expect(captured.notices[0]!.message).toBe(
      "anthropic 'claude-sonet-4-6' is not a model this adapter knows; did you mean 'claude-sonnet-4-6'? It is sent as given, assuming tools, no vision, JSON mode but no JSON Schema output, no reasoning, no known context window, at most 4,096 output tokens. If the id is right, declare it with createAnthropic({ models: { 'id': { ... } } }) to silence this. (Shown once per process.)",
    );
  });

  it('lists current models when no known id is close', () => {
    using captured = capture();
    check('my-fine-tune');
    expect(captured.notices[0]!.message).toContain(
      "known models include 'claude-sonnet-5-5', 'claude-sonnet-4-6', 'claude-opus-4-5'.",
    );
  });

  it('warns once that a deprecated model retires, with its date and replacement', () => {
    using captured = capture();
    expect(check('claude-opus-4-5')?.modelId).toBe('claude-opus-4-5');
    expect(captured.notices.map((notice) => [notice.code, notice.message])).toEqual([
      [
        'LLM_DEPRECATED_MODEL',
        "anthropic 'claude-opus-4-5' is deprecated: Anthropic retires it on 2027-01-22, after which calls fail. Move to 'claude-opus-5-5' before then. (Shown once per process.)",
      ],
    ]);
  });

  it('refuses a retired model before any call, naming the replacement', () => {
    let thrown: unknown;
    try {
      check('claude-sonnet-4-5');
    } catch (error) {
      thrown = error;
    }
    expect(ModelRetiredError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'config',
      endOfLifeOn: '2026-11-30',
      replacement: 'claude-sonnet-5-5',
      message:
        "anthropic 'claude-sonnet-4-5' was retired by Anthropic on 2026-11-30 and no longer answers; use 'claude-sonnet-5-5' instead, Anthropic's recommended replacement.",
    });
    expect(() => check('claude-old')).toThrow(/choose a current model, e.g. 'claude-sonnet-5-5'/);
  });

  it('treats the end-of-life day itself as retired (UTC)', () => {
    expect(modelStatus(catalog[3]!, new Date('2026-11-29T23:59:59Z'))).toBe('deprecated');
    expect(modelStatus(catalog[3]!, new Date('2026-11-30T00:00:00Z'))).toBe('retired');
    expect(modelStatus(catalog[0]!, now)).toBe('active');
    expect(modelStatus({ ...catalog[0]!, deprecatedOn: '2026-01-01' }, now)).toBe('deprecated');
  });
});
