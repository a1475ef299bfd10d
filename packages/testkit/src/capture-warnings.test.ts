import { UnsupportedFeatureError } from '@org/llm-core';
import { checkRequestWarnings } from '@org/llm-core/adapter-kit';
import { describe, expect, it } from 'vitest';
import { captureWarnings } from './capture-warnings.ts';

const warning = { type: 'unsupported-setting', setting: 'seed' } as const;

describe('captureWarnings', () => {
  it('collects each distinct notice once while open, and sees it again in the next capture', () => {
    {
      using warnings = captureWarnings();
      checkRequestWarnings([warning], { provider: 'p', modelId: 'm' });
      checkRequestWarnings([warning], { provider: 'p', modelId: 'm' });
      expect(warnings.notices.map((notice) => notice.subject)).toEqual(['seed']);
    }
    using again = captureWarnings();
    checkRequestWarnings([warning], { provider: 'p', modelId: 'm' });
    expect(again.notices).toHaveLength(1);
  });

  it('does not catch strict-mode errors, which are thrown', () => {
    using warnings = captureWarnings();
    expect(() => {
      checkRequestWarnings([warning], { provider: 'p', modelId: 'm', strict: true });
    }).toThrow(UnsupportedFeatureError);
    expect(warnings.notices).toEqual([]);
  });
});
