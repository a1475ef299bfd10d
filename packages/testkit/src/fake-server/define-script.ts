import { FakeServerError } from './fake-server-error.ts';
import type {
  FakeEndpoint,
  FakeScript,
  FakeScriptContext,
  FakeScriptOptions,
  FakeWire,
  WireResponse,
} from './fake-script.ts';
import { toFaultList } from './fault.ts';

/** Shortens a value for a script label. */
export function preview(value: unknown): string {
  // JSON.stringify gives undefined for functions and undefined, whatever its type says.
  const text =
    typeof value === 'string'
      ? value
      : ((JSON.stringify(value) as string | undefined) ?? String(value));
  const json = JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
  return typeof value === 'string' ? json : json.slice(1, -1);
}

/** Builds a {@link FakeScript} from a renderer, checking the common options. */
export function defineScript(
  wire: FakeWire,
  label: string,
  endpoints: readonly FakeEndpoint[],
  options: FakeScriptOptions | undefined,
  render: (context: FakeScriptContext) => WireResponse,
): FakeScript {
  const paceMs = options?.paceMs ?? 0;
  if (!Number.isFinite(paceMs) || paceMs < 0) {
    throw new FakeServerError(
      `${label}: paceMs must be a finite number of milliseconds >= 0, got ${String(paceMs)}.`,
    );
  }
  const contentEncoding = options?.contentEncoding;
  if (
    contentEncoding !== undefined &&
    !['gzip', 'deflate', 'br', 'zstd'].includes(contentEncoding)
  ) {
    throw new FakeServerError(
      `${label}: contentEncoding must be gzip, deflate, br or zstd, got ${JSON.stringify(contentEncoding)}.`,
    );
  }
  return {
    wire,
    label,
    endpoints,
    faults: toFaultList(options?.fault),
    paceMs,
    contentEncoding,
    render,
  };
}

/** Checks an HTTP error status given to an error builder. */
export function checkErrorStatus(status: number, label: string): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new FakeServerError(
      `${label}: the status must be an HTTP error status from 400 to 599, got ${String(status)}.`,
    );
  }
}

/** Checks a token count given to a builder. */
export function checkTokens(value: number | undefined, what: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new FakeServerError(
      `${what} must be a whole number of tokens >= 0, got ${String(value)}.`,
    );
  }
}
