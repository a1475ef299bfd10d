// The catalog against the installed `@anthropic-ai/sdk`: the ids of its
// `Model` type and the end-of-life dates of its deprecated-model list (the
// one the SDK warns from). An SDK upgrade that adds, drops or re-dates a
// model fails here until anthropic-models.ts follows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anthropicModels, findAnthropicModel } from './anthropic-models.ts';

// The package's main file sits at its root (its exports have no ./package.json).
const sdkDir = dirname(createRequire(import.meta.url).resolve('@anthropic-ai/sdk'));

/** The ids of the SDK's `Model` union (`resources/messages/messages.d.ts`). */
function readSdkModelIds(): string[] {
  const file = join(sdkDir, 'resources', 'messages', 'messages.d.ts');
  const declarations = readFileSync(file, 'utf8');
  const start = declarations.indexOf('export type Model = ');
  if (start < 0) throw new Error(`no 'export type Model' in ${file}: the SDK changed shape`);
  const union = declarations.slice(start, declarations.indexOf(';', start));
  return [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `November 30th, 2026` → `2026-11-30`. */
function isoDate(text: string): string {
  const match = /^(\w+) (\d{1,2})(?:st|nd|rd|th), (\d{4})$/.exec(text);
  const month = months.indexOf(match?.[1] ?? '');
  if (match === null || month < 0) throw new Error(`cannot read the SDK's date '${text}'`);
  return `${match[3]!}-${String(month + 1).padStart(2, '0')}-${match[2]!.padStart(2, '0')}`;
}

/** The SDK's `DEPRECATED_MODELS` (internal, so loaded by path), with ISO dates. */
async function readSdkDeprecations(): Promise<Map<string, string>> {
  const url = pathToFileURL(join(sdkDir, 'internal', 'data', 'deprecated-models.mjs')).href;
  const { DEPRECATED_MODELS } = (await import(url)) as {
    DEPRECATED_MODELS: Record<string, string>;
  };
  return new Map(Object.entries(DEPRECATED_MODELS).map(([id, date]) => [id, isoDate(date)]));
}

describe('anthropicModels against the installed @anthropic-ai/sdk', () => {
  const ids = readSdkModelIds();

  it('reads the SDK (a sanity check of the reading itself)', async () => {
    expect(ids).toContain('claude-sonnet-5-5');
    expect((await readSdkDeprecations()).get('claude-sonnet-4-5')).toBe('2026-11-30');
  });

  it('lists every model the SDK knows (add new ones to anthropic-models.ts)', () => {
    expect(ids.filter((id) => findAnthropicModel(id)?.modelId !== id)).toEqual([]);
  });

  it('has the end-of-life date the SDK gives each deprecated model, and none where it gives none', async () => {
    const deprecations = await readSdkDeprecations();
    const differing = ids
      .map((id) => ({
        id,
        sdk: deprecations.get(id),
        catalog: findAnthropicModel(id)?.endOfLifeOn,
      }))
      .filter((entry) => entry.sdk !== entry.catalog);
    expect(differing).toEqual([]);
  });

  it('keeps a model the SDK no longer lists only as retired', () => {
    const known = new Set(ids);
    const extra = anthropicModels.filter((info) => !known.has(info.modelId));
    expect(
      extra.filter((info) => info.endOfLifeOn === undefined).map((info) => info.modelId),
    ).toEqual([]);
  });
});
