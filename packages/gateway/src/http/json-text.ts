/** `value` as JSON text, or `fallback` for what JSON cannot hold (`undefined`, a function). */
export function jsonText(value: unknown, fallback: string): string {
  // JSON.stringify gives undefined (not a string) for `undefined`.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? fallback;
}
