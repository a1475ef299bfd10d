import type { ModelInfo } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { lifecycleOf } from './models-command.ts';

const model = (fields: Partial<ModelInfo>): ModelInfo =>
  ({ provider: 'openai', modelId: 'm', capabilities: {}, ...fields }) as ModelInfo;

describe('lifecycleOf', () => {
  it('says deprecated, retires or retired as of today, with the replacement', () => {
    expect(lifecycleOf(model({}), '2026-12-07')).toBe('');
    expect(lifecycleOf(model({ deprecatedOn: '2026-06-11' }), '2026-12-07')).toBe(
      'deprecated 2026-06-11',
    );
    const ending = model({
      deprecatedOn: '2026-06-11',
      endOfLifeOn: '2026-12-11',
      replacement: 'gpt-6-luna',
    });
    expect(lifecycleOf(ending, '2026-12-07')).toBe('retires 2026-12-11, use gpt-6-luna');
    expect(lifecycleOf(ending, '2026-12-11')).toBe('retired 2026-12-11, use gpt-6-luna');
  });
});
