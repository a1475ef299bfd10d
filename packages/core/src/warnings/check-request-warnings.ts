import { UnsupportedFeatureError } from '../errors/library-errors.ts';
import type { ChatWarning } from '../spec/warning.ts';
import { reportNotice } from './report-warning.ts';

/** Whose request the warnings are about, and whether they are errors. */
export interface RequestWarningContext {
  /** Provider id of the model. */
  readonly provider: string;
  /** The model id. */
  readonly modelId: string;
  /**
   * Strict mode: a setting or tool the model cannot honour exactly fails
   * the call before it is sent (`UnsupportedFeatureError`) instead of being
   * dropped or clamped with a warning.
   */
  readonly strict?: boolean | undefined;
}

const footer =
  '(Shown once per process; every result lists it in result.warnings. setWarningHandler() routes or silences these notices; strict: true makes them errors.)';

function describe(warning: ChatWarning, provider: string, modelId: string): string {
  const model = `${provider} '${modelId}'`;
  switch (warning.type) {
    case 'unsupported-setting':
      return `${model} did not take ${warning.setting} as given${warning.details === undefined ? '' : `: ${warning.details}`}. Change or remove ${warning.setting} in the request, or choose a model that supports it. ${footer}`;
    case 'unsupported-tool':
      return `${model} did not get tool '${warning.toolName}'${warning.details === undefined ? '' : `: ${warning.details}`}. Remove the tool from the request, or choose a model that supports it. ${footer}`;
    case 'other':
      return `${model}: ${warning.message} ${footer}`;
  }
}

/** What a warning is about, for telling repeats apart: counts and paths in its text vary per call. */
function subjectOf(warning: ChatWarning): string {
  switch (warning.type) {
    case 'unsupported-setting':
      return warning.setting;
    case 'unsupported-tool':
      return warning.toolName;
    case 'other':
      return warning.message.replace(/\([^)]*\)/g, '').replace(/\d+/g, '#');
  }
}

function blockingLine(warning: ChatWarning): string | undefined {
  if (warning.type === 'unsupported-setting') {
    return `${warning.setting}${warning.details === undefined ? '' : `: ${warning.details}`}`;
  }
  if (warning.type === 'unsupported-tool') {
    return `tool '${warning.toolName}'${warning.details === undefined ? '' : `: ${warning.details}`}`;
  }
  return undefined;
}

/**
 * What every adapter does with the warnings of a prepared request, after
 * preparing it and before sending it:
 *
 * - in strict mode, a dropped or changed setting or tool throws an
 *   {@link UnsupportedFeatureError} listing every one (content warnings,
 *   `type: 'other'`, are still only reported);
 * - otherwise each warning is reported to a person once per process (see
 *   `setWarningHandler`); the adapter still puts them on the result.
 *
 * Costs nothing when there are no warnings.
 *
 * @example
 * const { body, warnings } = prepareMyRequest(request);
 * checkRequestWarnings(warnings, { provider: this.provider, modelId: this.modelId, strict: this.strict });
 */
export function checkRequestWarnings(
  warnings: readonly ChatWarning[],
  context: RequestWarningContext,
): void {
  if (warnings.length === 0) return;
  const { provider, modelId } = context;
  if (context.strict === true) {
    const blocking = warnings.map(blockingLine).filter((line) => line !== undefined);
    if (blocking.length > 0) {
      const features = warnings
        .map((warning) =>
          warning.type === 'unsupported-setting'
            ? warning.setting
            : warning.type === 'unsupported-tool'
              ? `tool '${warning.toolName}'`
              : undefined,
        )
        .filter((feature) => feature !== undefined);
      throw new UnsupportedFeatureError(
        `${provider} '${modelId}' cannot honour this request exactly, and strict mode is on, so nothing was sent:\n- ${blocking.join('\n- ')}\nChange the request, choose a model that supports it, or turn strict mode off to send it with warnings.`,
        { provider, modelId, feature: features.join(', ') },
      );
    }
  }
  for (const warning of warnings) {
    reportNotice(
      warning.type === 'unsupported-setting'
        ? 'LLM_UNSUPPORTED_SETTING'
        : warning.type === 'unsupported-tool'
          ? 'LLM_UNSUPPORTED_TOOL'
          : 'LLM_WARNING',
      provider,
      modelId,
      subjectOf(warning),
      () => describe(warning, provider, modelId),
      warning,
    );
  }
}
