/**
 * The logger this library writes to: pino's calling convention, an object
 * of fields and then a message, so a pino logger (or a child of one) fits
 * as it is; so does anything with these four methods.
 */
export interface Logger {
  /** A failure the application should look at. */
  error(fields: Record<string, unknown>, message: string): void;
  /** Something went wrong and was handled (a retry, a fallback). */
  warn(fields: Record<string, unknown>, message: string): void;
  /** A call and its outcome. */
  info(fields: Record<string, unknown>, message: string): void;
  /** Details: each call's start, hedges, limiter waits. */
  debug(fields: Record<string, unknown>, message: string): void;
}

/** How much is logged: nothing (`off`, the default), or this level and above. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

const rank: Readonly<Record<LogLevel, number>> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Whether a record at `level` passes a threshold of `threshold`. */
export function logs(threshold: LogLevel, level: Exclude<LogLevel, 'off'>): boolean {
  return rank[level] <= rank[threshold];
}

/**
 * A logger that writes one JSON line per record (`level`, `time`, `msg` and
 * the fields) to `write`, by default standard error: what `createFromConfig`
 * uses when the configuration turns logging on and no logger is passed.
 */
export function jsonLineLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      write(
        `${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`,
      );
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
