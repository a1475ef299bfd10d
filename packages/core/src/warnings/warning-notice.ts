import type { ChatWarning } from '../spec/warning.ts';

/**
 * Stable code of a warning notice. With the default destination it is the
 * `code` of the Node warning, so `node --disable-warning=LLM_UNSUPPORTED_SETTING`
 * silences one kind and `process.on('warning')` sees them all.
 */
export type WarningCode =
  /** A request setting was not sent, or was changed (capped, mapped to a nearby value). */
  | 'LLM_UNSUPPORTED_SETTING'
  /** A tool definition could not be sent. */
  | 'LLM_UNSUPPORTED_TOOL'
  /** Something else the adapter could not honour exactly (content dropped when a conversation changes provider). */
  | 'LLM_WARNING'
  /** The model id is not in the adapter's catalog; it is sent as given, with assumed capabilities. */
  | 'LLM_UNKNOWN_MODEL'
  /** The provider deprecated the model and will retire it. */
  | 'LLM_DEPRECATED_MODEL';

/**
 * A warning for a person, given to the warning destination once per process
 * for each distinct (code, provider, model, subject). Every call's own
 * request warnings stay on its `ChatResult.warnings` as well.
 */
export interface WarningNotice {
  /** What kind of warning this is. */
  readonly code: WarningCode;
  /** Provider id of the model, e.g. `anthropic`. */
  readonly provider: string;
  /** The model id as requested. */
  readonly modelId: string;
  /** What it is about: the request setting (`temperature`), the tool's name, or `model`. */
  readonly subject: string;
  /** One paragraph naming the setting, the model and what to do. */
  readonly message: string;
  /** The request warning it was made from, for request warnings. */
  readonly warning?: ChatWarning | undefined;
}

/** Receives warning notices: a logger, a metrics counter, a test's list. Must not throw. */
export type WarningHandler = (notice: WarningNotice) => void;

/**
 * Where warning notices go: `'emit'` (the default) hands each to
 * `process.emitWarning` (printed on stderr as `LlmWarning`); `'off'` drops
 * them; a function receives them instead.
 */
export type WarningDestination = WarningHandler | 'emit' | 'off';
