import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatWarning } from '../spec/warning.ts';
import { checkRequestWarnings } from './check-request-warnings.ts';
import { reportNotice, resetReportedWarnings, setWarningHandler } from './report-warning.ts';
import type { WarningNotice } from './warning-notice.ts';

const temperature: ChatWarning = {
  type: 'unsupported-setting',
  setting: 'temperature',
  details: 'not sent: the model rejects it',
};

describe('warning notices', () => {
  afterEach(() => {
    resetReportedWarnings();
  });

  it(
    'prints each distinct warning once per process on stderr by default, naming the setting, the model and what to do',
    { timeout: 30_000 },
    async () => {
      // A fresh process: nothing here has changed the destination, so this is the default.
      const script = fileURLToPath(new URL('./test-support/report-twice.ts', import.meta.url));
      const { stderr } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@org/source', script],
        { timeout: 30_000 },
      );
      const notices = stderr.split('\n').filter((line) => line.includes('LlmWarning'));
      expect(notices).toHaveLength(2);
      expect(notices[0]).toMatch(
        /\[LLM_UNSUPPORTED_SETTING\] LlmWarning: anthropic 'claude-opus-4-7' did not take temperature as given: not sent: .*Change or remove temperature/,
      );
      expect(notices[1]).toMatch(
        /\[LLM_UNSUPPORTED_SETTING\] .*'claude-haiku-5-5' did not take temperature/,
      );
    },
  );

  it('hands the default destination to process.emitWarning with the code', () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    using _ = setWarningHandler('emit');
    checkRequestWarnings([temperature], { provider: 'openai', modelId: 'm' });
    checkRequestWarnings([temperature], { provider: 'openai', modelId: 'm' });
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning.mock.calls[0]![1]).toEqual({
      type: 'LlmWarning',
      code: 'LLM_UNSUPPORTED_SETTING',
    });
  });

  it('routes notices to a handler, and restores the previous destination when disposed', () => {
    const notices: WarningNotice[] = [];
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    {
      using _ = setWarningHandler((notice) => notices.push(notice));
      checkRequestWarnings([temperature, { type: 'unsupported-tool', toolName: 'search' }], {
        provider: 'openai',
        modelId: 'm',
      });
    }
    expect(notices.map(({ code, subject }) => [code, subject])).toEqual([
      ['LLM_UNSUPPORTED_SETTING', 'temperature'],
      ['LLM_UNSUPPORTED_TOOL', 'search'],
    ]);
    expect(notices[0]!.warning).toBe(temperature);
    // The setup file turned notices off for tests; that is back.
    checkRequestWarnings([{ ...temperature, setting: 'seed' }], {
      provider: 'openai',
      modelId: 'm',
    });
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('tells repeats apart by code, provider, model and subject, not by the details', () => {
    const notices: WarningNotice[] = [];
    using _ = setWarningHandler((notice) => notices.push(notice));
    const other = (count: number): ChatWarning => ({
      type: 'other',
      message: `Dropped ${count} reasoning part(s) (messages[${count}].content[0]): no reasoning input.`,
    });
    checkRequestWarnings([other(1)], { provider: 'openai', modelId: 'a' });
    checkRequestWarnings([other(2)], { provider: 'openai', modelId: 'a' });
    checkRequestWarnings([other(2)], { provider: 'openai', modelId: 'b' });
    checkRequestWarnings([{ ...temperature, details: 'other words' }], {
      provider: 'x',
      modelId: 'a',
    });
    checkRequestWarnings([temperature], { provider: 'x', modelId: 'a' });
    expect(notices.map((notice) => `${notice.code} ${notice.modelId}`)).toEqual([
      'LLM_WARNING a',
      'LLM_WARNING b',
      'LLM_UNSUPPORTED_SETTING a',
    ]);
  });

  it('drops notices when off, and shows them once turned back on', () => {
    const notices: WarningNotice[] = [];
    using _ = setWarningHandler('off');
    checkRequestWarnings([temperature], { provider: 'p', modelId: 'm' });
    using __ = setWarningHandler((notice) => notices.push(notice));
    checkRequestWarnings([temperature], { provider: 'p', modelId: 'm' });
    expect(notices).toHaveLength(1);
  });

  it('survives a handler that throws', () => {
    using _ = setWarningHandler(() => {
      throw new Error('logger down');
    });
    expect(() => {
      reportNotice('LLM_WARNING', 'p', 'm', 's', () => 'text');
    }).not.toThrow();
  });

  it('builds the text only for a notice that is shown', () => {
    const describe = vi.fn(() => 'text');
    using _ = setWarningHandler(() => undefined);
    reportNotice('LLM_WARNING', 'p', 'm', 's', describe);
    reportNotice('LLM_WARNING', 'p', 'm', 's', describe);
    expect(describe).toHaveBeenCalledTimes(1);
  });
});
