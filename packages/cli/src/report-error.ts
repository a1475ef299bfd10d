import { AllAttemptsFailedError, ConfigError, LlmError, RateLimitError } from '@org/llm-core';
import { redactSecrets } from '@org/llm-core/adapter-kit';
import type { Output } from './output.ts';

/** The exit codes of `llm`. */
export const exitCodes = {
  /** The command did its work. */
  ok: 0,
  /** The work failed: a provider error, a bad configuration, a file that cannot be read. */
  failed: 1,
  /** The command line could not be read (an unknown option, a missing argument). */
  usage: 2,
  /** Cancelled with Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/**
 * A command line `llm` cannot read: an unknown option or command, a missing
 * or malformed argument. Exits with code 2.
 */
export class CommandLineError extends ConfigError {
  static override readonly errorName: string = 'CommandLineError';
}

/** What to do about an error of this kind, when its message does not say it already. */
function adviceFor(error: LlmError): string | undefined {
  switch (error.code) {
    case 'authentication':
      return "Check the provider's apiKey in the configuration (the variable its env: reference names).";
    case 'permission-denied':
      return 'This key may not use this model: pick another with --model, or check the account.';
    case 'not-found':
      return '`llm models` lists the models of the catalog; the configuration lists its aliases.';
    case 'context-length-exceeded':
      return 'Shorten the prompt, or start afresh (/reset in llm chat).';
    case 'content-filter':
      return 'Rephrase the prompt.';
    case 'rate-limit':
      return RateLimitError.isInstance(error) && error.kind === 'quota-exhausted'
        ? "Add credit or raise the quota on the provider's billing page."
        : 'Wait a little and ask again, or give the model a fallback in the configuration.';
    case 'overloaded':
    case 'server':
    case 'connection':
    case 'timeout':
    case 'circuit-open':
      return 'Ask again later, or give the model a fallback in the configuration.';
    case 'stream-interrupted':
      return 'The answer broke off after it began; ask again.';
    case 'structured-output':
      return 'Simplify the schema, or try a stronger model with --model.';
    case 'unsupported-feature':
      return '`llm models` shows what each model can do; pick one that can with --model.';
    case 'all-attempts-failed': {
      const last = AllAttemptsFailedError.isInstance(error) ? error.errors.at(-1) : undefined;
      return LlmError.isInstance(last) ? adviceFor(last) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether `error` is what an aborted call rejects with (Ctrl-C). */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'Interrupted');
}

/** Options of {@link reportError}. */
export interface ReportErrorOptions {
  /** Print the stack (redacted) after the line. */
  readonly debug: boolean;
  /** Scrubs known secrets (the configuration's resolved keys) from the text. */
  readonly redact?: ((text: string) => string) | undefined;
}

/**
 * Prints `error` on standard error as one line, `<Class>: <message> <what
 * to do>`, with every key removed, and returns the exit code. A
 * configuration error keeps its list of problems, one per line, as
 * `createFromConfig` wrote it. The stack follows only with `--debug`.
 */
export function reportError(error: unknown, err: Output, options: ReportErrorOptions): number {
  const scrub = (text: string): string => redactSecrets(options.redact?.(text) ?? text);
  if (isAbort(error)) {
    err.line(err.style('dim', 'Cancelled.'));
    return exitCodes.interrupted;
  }
  let line: string;
  if (LlmError.isInstance(error)) {
    const where =
      error.provider === undefined
        ? ''
        : ` (${error.provider}${error.modelId === undefined ? '' : `:${error.modelId}`}${error.status === undefined ? '' : `, HTTP ${error.status}`})`;
    const advice = adviceFor(error);
    const message = error.code === 'config' ? error.message : error.message.replace(/\s+/g, ' ');
    line = `${error.name}${where}: ${message}${advice === undefined ? '' : ` ${advice}`}`;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    line = `Unexpected ${error instanceof Error ? error.name : 'error'}: ${message.replace(/\s+/g, ' ')} This is a bug of llm: run again with --debug and report it.`;
  }
  err.line(`${err.style(['bold', 'red'], 'error')} ${scrub(line)}`);
  if (options.debug && error instanceof Error && error.stack !== undefined) {
    err.line(err.style('dim', scrub(error.stack)));
  }
  return CommandLineError.isInstance(error) ? exitCodes.usage : exitCodes.failed;
}
