import { LlmError } from './llm-error.ts';
import { redactSecrets } from './redact-secrets.ts';

/** How many causes deep a copy follows (fetch wraps a socket error, an SDK wraps fetch's). */
const maxCauseDepth = 4;
/** Fields worth keeping for debugging, when they hold a number or a short string. */
const keptFields = ['status', 'code', 'errno', 'syscall', 'type'] as const;

/** The class name to show: the error's `name`, or its constructor's when `name` is the generic one. */
function className(error: Error): string {
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return error.name === 'Error' && typeof ctor === 'string' && ctor !== '' ? ctor : error.name;
}

/** The frames of the error's stack (without its first line, which repeats the message), redacted. */
function stackFrames(error: Error, secrets: readonly string[]): string {
  const stack = error.stack;
  if (typeof stack !== 'string') return '';
  const head = error.message === '' ? error.name : `${error.name}: ${error.message}`;
  const frames = stack.startsWith(head) ? stack.slice(head.length) : `\n${stack}`;
  return redactSecrets(frames, secrets);
}

function copy(error: unknown, secrets: readonly string[], depth: number): Error {
  if (!(error instanceof Error)) {
    const text = typeof error === 'string' ? error : Object.prototype.toString.call(error);
    return new Error(redactSecrets(text, secrets));
  }
  const cause =
    depth < maxCauseDepth && error.cause !== undefined && error.cause !== null
      ? redactAt(error.cause, secrets, depth + 1)
      : undefined;
  const out = new Error(
    redactSecrets(error.message, secrets),
    cause === undefined ? undefined : { cause },
  );
  // Not enumerable, as on any Error: only the kept fields show as own properties.
  Object.defineProperty(out, 'name', {
    value: className(error),
    writable: true,
    configurable: true,
    enumerable: false,
  });
  // Where the original was thrown, under a first line with the class name and the redacted message.
  out.stack = `${out.name}: ${out.message}${stackFrames(error, secrets)}`;
  for (const field of keptFields) {
    const value: unknown = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'number') Object.assign(out, { [field]: value });
    else if (typeof value === 'string' && value.length <= 200)
      Object.assign(out, { [field]: redactSecrets(value, secrets) });
  }
  return out;
}

/**
 * A copy of `error` that is safe to keep as an `LlmError`'s `cause`: a plain
 * `Error` with the original's class name (as `name`), redacted message and
 * stack, its `status`, `code`, `errno`, `syscall` and `type` when they are
 * numbers or short strings, and a copy of its own `cause` (four levels at
 * most). Nothing else: a vendor SDK error holds the response body, the
 * headers and sometimes the request, any of which may carry the API key,
 * and `console.error(err)` prints the whole cause chain.
 *
 * An `LlmError` is returned as it is (it was redacted when built).
 *
 * @param error The error to copy (anything thrown).
 * @param secrets Exact secrets (API keys) to remove, whatever their shape.
 */
export function redactError(error: unknown, secrets: readonly string[] = []): Error {
  return redactAt(error, secrets, 0);
}

function redactAt(error: unknown, secrets: readonly string[], depth: number): Error {
  return LlmError.isInstance(error) ? error : copy(error, secrets, depth);
}
