import type { ChatWarning } from '../spec/warning.ts';
import type { WarningCode, WarningDestination, WarningNotice } from './warning-notice.ts';

/**
 * The process's warning state. It lives on `globalThis` under a
 * `Symbol.for` key, as the error brand does, so two installed copies of this
 * package share one destination and one memory of what was shown: "once per
 * process" holds even then.
 */
interface WarningState {
  destination: WarningDestination;
  readonly seen: Set<string>;
}

const stateKey = Symbol.for('@org/llm-core/warnings');
/** Distinct notices remembered; past this the memory starts over (a process that makes up model ids). */
const maxRemembered = 10_000;

function state(): WarningState {
  const holder = globalThis as { [stateKey]?: WarningState };
  return (holder[stateKey] ??= { destination: 'emit', seen: new Set() });
}

function emit(notice: WarningNotice): void {
  const proc = (globalThis as { process?: { emitWarning?: unknown } }).process;
  if (typeof proc?.emitWarning === 'function') {
    (proc.emitWarning as (message: string, options: object) => void)(notice.message, {
      type: 'LlmWarning',
      code: notice.code,
    });
  } else {
    console.warn(`[${notice.code}] ${notice.message}`);
  }
}

/**
 * Routes warning notices: `'emit'` (the default: `process.emitWarning`,
 * printed on stderr once per distinct warning), `'off'`, or a function (a
 * logger, a metrics counter). The switch is process-wide. Disposing the
 * returned object restores the previous destination, so a test can write
 * `using _ = setWarningHandler(list.push.bind(list))`.
 *
 * Node's own switches apply to the default too: `--no-warnings` silences
 * every warning, `--disable-warning=LLM_UNSUPPORTED_SETTING` one code.
 *
 * @example
 * setWarningHandler((notice) => logger.warn({ code: notice.code, model: notice.modelId }, notice.message));
 */
export function setWarningHandler(destination: WarningDestination): Disposable {
  const current = state();
  const previous = current.destination;
  current.destination = destination;
  return {
    [Symbol.dispose]() {
      current.destination = previous;
    },
  };
}

/**
 * Forgets which notices were shown, so each is shown again once. For tests;
 * an application has no reason to call it.
 */
export function resetReportedWarnings(): void {
  state().seen.clear();
}

/**
 * Gives a notice to the destination unless this (code, provider, model,
 * subject) was shown before in this process. `describe` runs only for a
 * notice that is shown, so a repeated warning costs a string key and a set
 * lookup.
 */
export function reportNotice(
  code: WarningCode,
  provider: string,
  modelId: string,
  subject: string,
  describe: () => string,
  warning?: ChatWarning,
): void {
  const current = state();
  const destination = current.destination;
  if (destination === 'off') return;
  const key = `${code}\u0000${provider}\u0000${modelId}\u0000${subject}`;
  if (current.seen.has(key)) return;
  if (current.seen.size >= maxRemembered) current.seen.clear();
  current.seen.add(key);
  const notice: WarningNotice = {
    code,
    provider,
    modelId,
    subject,
    message: describe(),
    ...(warning === undefined ? {} : { warning }),
  };
  if (destination === 'emit') {
    emit(notice);
    return;
  }
  try {
    destination(notice);
  } catch {
    // A failing handler must not fail the call whose warning it was given.
  }
}
