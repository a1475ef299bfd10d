// The catalog against the installed `openai` SDK: the ids of its `ChatModel`
// type and the shutdown dates its doc comment announces. An SDK upgrade that
// adds, drops or re-dates a chat model fails here until
// packages/openai-compat/src/openai-model-catalog.ts follows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findOpenAIModel, openAIModels } from '@org/llm-openai-compat';
import { describe, expect, it } from 'vitest';

interface SdkChatModels {
  /** Every id of the `ChatModel` union. */
  readonly ids: readonly string[];
  /** Announced shutdown dates, by id. */
  readonly shutdown: ReadonlyMap<string, string>;
  /** Ids the SDK keeps "for SDK compatibility" but OpenAI does not serve. */
  readonly unsupported: ReadonlySet<string>;
}

/** Reads `ChatModel` and its doc comment from the SDK's declaration of `openai/resources/shared`. */
function readSdkChatModels(): SdkChatModels {
  const sharedJs = createRequire(import.meta.url).resolve('openai/resources/shared');
  const declarations = readFileSync(sharedJs.replace(/\.js$/, '.d.ts'), 'utf8');
  const start = declarations.indexOf('export type ChatModel = ');
  if (start < 0)
    throw new Error(`no 'export type ChatModel' in ${sharedJs}: the SDK changed shape`);
  const union = declarations.slice(start, declarations.indexOf(';', start));
  const ids = [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
  const comment = declarations.slice(declarations.lastIndexOf('/**', start), start);
  const shutdown = new Map<string, string>();
  const unsupported = new Set<string>();
  // Items of "Deprecated values:": `- "a", "b": Announced shutdown date: 2026-10-23. ...`, wrapped.
  const text = comment.replace(/^\s*\*( |$)/gm, '').replace(/\s+/g, ' ');
  for (const item of text.split(/ - (?=")/).slice(1)) {
    const colon = item.indexOf('":');
    const itemIds = [...item.slice(0, colon + 1).matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
    const date = /Announced shutdown date: (\d{4}-\d{2}-\d{2})/.exec(item)?.[1];
    for (const id of itemIds) {
      if (date !== undefined) shutdown.set(id, date);
      else if (item.includes('Not a supported model ID')) unsupported.add(id);
      else throw new Error(`cannot read the deprecation of '${id}': ${item}`);
    }
  }
  return { ids, shutdown, unsupported };
}

describe('openAIModels against the installed openai SDK', () => {
  const sdk = readSdkChatModels();

  it('reads the SDK (a sanity check of the reading itself)', () => {
    expect(sdk.ids.length).toBeGreaterThan(50);
    expect(sdk.shutdown.get('gpt-4o-mini')).toBe('2027-01-14');
    expect([...sdk.unsupported]).toEqual(['gpt-5.1-mini']);
  });

  it('lists every chat model the SDK knows (add new ones to openai-model-catalog.ts)', () => {
    const missing = sdk.ids.filter(
      (id) => !sdk.unsupported.has(id) && findOpenAIModel(id) === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('has the shutdown date the SDK announces for each model, and none where it announces none', () => {
    const differing = sdk.ids
      .filter((id) => !sdk.unsupported.has(id))
      .map((id) => ({ id, sdk: sdk.shutdown.get(id), catalog: findOpenAIModel(id)?.endOfLifeOn }))
      .filter((entry) => entry.sdk !== entry.catalog);
    expect(differing).toEqual([]);
  });

  it('keeps a model the SDK no longer lists only as retired, and nothing the SDK calls unsupported', () => {
    const known = new Set(sdk.ids);
    const extra = openAIModels.filter((info) => !known.has(info.modelId));
    expect(
      extra.filter((info) => info.endOfLifeOn === undefined).map((info) => info.modelId),
    ).toEqual([]);
    expect([...sdk.unsupported].filter((id) => findOpenAIModel(id) !== undefined)).toEqual([]);
  });
});
