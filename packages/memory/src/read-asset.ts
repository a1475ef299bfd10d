import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/**
 * Reads a SQL or Lua file that ships beside the code (`sqlite/migrations/0001-initial.sql`),
 * by its path from this package's `src/` (or `dist/`) folder. The build copies
 * these files into `dist/` with the same layout, and this module sits at the
 * root of both folders, so the same relative path works in either.
 */
export function readAsset(path: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(new URL(path, import.meta.url), 'utf8');
    cache.set(path, text);
  }
  return text;
}
