import { setWarningHandler, type WarningNotice } from '@org/llm-core';
import { resetReportedWarnings } from '@org/llm-core/adapter-kit';

/** The warning notices given while a {@link captureWarnings} capture was open. */
export interface CapturedWarnings extends Disposable {
  /** Every notice, in order: each distinct warning once, as a person would see it. */
  readonly notices: WarningNotice[];
}

/**
 * Routes warning notices into a list instead of stderr, and forgets which
 * ones were shown before, so a test sees each of its own warnings exactly
 * once. Disposing it restores the previous destination.
 *
 * @example
 * using warnings = captureWarnings();
 * await model.generate({ messages, temperature: 0.2 });
 * expect(warnings.notices.map((notice) => notice.subject)).toEqual(['temperature']);
 */
export function captureWarnings(): CapturedWarnings {
  const notices: WarningNotice[] = [];
  resetReportedWarnings();
  const route = setWarningHandler((notice) => notices.push(notice));
  return {
    notices,
    [Symbol.dispose]() {
      route[Symbol.dispose]();
      resetReportedWarnings();
    },
  };
}
