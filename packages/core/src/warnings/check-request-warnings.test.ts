import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedFeatureError } from '../errors/library-errors.ts';
import type { ChatWarning } from '../spec/warning.ts';
import { checkRequestWarnings } from './check-request-warnings.ts';
import { resetReportedWarnings, setWarningHandler } from './report-warning.ts';
import type { WarningNotice } from './warning-notice.ts';

const context = { provider: 'anthropic', modelId: 'claude-opus-4-7' };
const temperature: ChatWarning = {
  type: 'unsupported-setting',
  setting: 'temperature',
  details: 'not sent: the model rejects it',
};
const capped: ChatWarning = {
  type: 'unsupported-setting',
  setting: 'maxOutputTokens',
  details: 'capped at 128000',
};
const dropped: ChatWarning = { type: 'other', message: 'Dropped 1 reasoning part(s).' };

describe('checkRequestWarnings', () => {
  afterEach(() => {
    resetReportedWarnings();
  });

  it('in strict mode refuses a dropped or clamped setting before the call, naming each one', () => {
    const notices: WarningNotice[] = [];
    using _ = setWarningHandler((notice) => notices.push(notice));
    let thrown: unknown;
    try {
      checkRequestWarnings([temperature, capped, dropped], { ...context, strict: true });
    } catch (error) {
      thrown = error;
    }
    expect(UnsupportedFeatureError.isInstance(thrown)).toBe(true);
    const error = thrown as UnsupportedFeatureError;
    expect(error.feature).toBe('temperature, maxOutputTokens');
    expect(error.provider).toBe('anthropic');
    expect(error.modelId).toBe('claude-opus-4-7');
    expect(error.message).toContain('- temperature: not sent: the model rejects it');
    expect(error.message).toContain('- maxOutputTokens: capped at 128000');
    expect(error.message).toContain('turn strict mode off');
    expect(notices).toEqual([]);
  });

  it('in strict mode lets content warnings through as notices', () => {
    const notices: WarningNotice[] = [];
    using _ = setWarningHandler((notice) => notices.push(notice));
    checkRequestWarnings([dropped], { ...context, strict: true });
    expect(notices.map((notice) => notice.code)).toEqual(['LLM_WARNING']);
  });

  it('otherwise reports each warning and returns', () => {
    const notices: WarningNotice[] = [];
    using _ = setWarningHandler((notice) => notices.push(notice));
    checkRequestWarnings([temperature, capped], context);
    expect(notices.map((notice) => notice.subject)).toEqual(['temperature', 'maxOutputTokens']);
    expect(notices[1]!.message).toMatch(
      /^anthropic 'claude-opus-4-7' did not take maxOutputTokens as given: capped at 128000\. Change or remove maxOutputTokens/,
    );
  });
});
