/**
 * Response headers as adapters receive them: a fetch `Headers`, or a plain
 * record (undici `request`, SDK errors). Names are matched case-insensitively.
 */
export type HeadersLike =
  Headers | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/** Reads one header by name, case-insensitively; `undefined` when absent. */
export function getHeader(headers: HeadersLike | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  const lower = name.toLowerCase();
  let value = record[lower];
  if (value === undefined) {
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        value = record[key];
        break;
      }
    }
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** Copies headers into a plain record with lower-case names. */
export function headersToRecord(headers: HeadersLike | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (
    typeof (headers as Headers).forEach === 'function' &&
    typeof (headers as Headers).get === 'function'
  ) {
    // A fetch Headers yields lower-case names (the Fetch standard's "sort and
    // combine"); lower-casing them again cost about a third of this copy.
    if (typeof Headers === 'function' && headers instanceof Headers) {
      headers.forEach((value, key) => {
        out[key] = value;
      });
    } else {
      (headers as Headers).forEach((value, key) => {
        out[key.toLowerCase()] = value;
      });
    }
    return out;
  }
  const record = headers as Exclude<HeadersLike, Headers>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] =
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? value.map(String).join(', ')
          : String(value);
  }
  return out;
}
