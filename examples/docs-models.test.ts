// README, docs and examples show current models: a test fails when any of
// them names a model the catalogs mark deprecated or retired, so a newcomer
// never copies an id that warns or fails. Naming one is fine on a line that
// says so (contains "deprecated", "retired" or "end of life"), as the pages
// that explain the lifecycle must.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anthropicModels } from '@org/llm-anthropic';
import type { ModelInfo } from '@org/llm-core';
import { openAIModels } from '@org/llm-openai-http';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(entry.name)) out.push(path);
  }
  return out;
}

/** What a newcomer reads and copies: README, docs, package READMEs and every example. */
function readerFiles(): string[] {
  const packages = readdirSync(join(root, 'packages'));
  const isExample = (name: string) => name.endsWith('.ts') && !name.includes('.test.');
  return [
    join(root, 'README.md'),
    // docs/api is TypeDoc's generated output (git-ignored), not written docs.
    ...filesUnder(join(root, 'docs'), (name) => name.endsWith('.md')).filter(
      (file) => !relative(join(root, 'docs'), file).startsWith('api'),
    ),
    ...packages.map((name) => join(root, 'packages', name, 'README.md')).filter(existsSync),
    ...filesUnder(join(root, 'examples'), isExample),
    ...packages.flatMap((name) => filesUnder(join(root, 'packages', name, 'examples'), isExample)),
    // Example tests that run against a package's internals sit in its source tree (the guides quote them).
    ...packages.flatMap((name) =>
      filesUnder(join(root, 'packages', name, 'src'), isExample).filter((file) =>
        file.includes('/examples/'),
      ),
    ),
  ];
}

const ageing = [...openAIModels, ...anthropicModels].filter(
  (info) => info.endOfLifeOn !== undefined || info.deprecatedOn !== undefined,
);
const says = /deprecated|retired|end of life|end-of-life/i;

function escape(id: string): string {
  return id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `file:line` and the model of every mention of an ageing model on a line that does not say so. */
function mentions(file: string, models: readonly ModelInfo[]): string[] {
  const found: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (says.test(line)) return;
    for (const info of models) {
      // The whole id: 'gpt-4o' is not a mention of itself inside 'gpt-4o-mini'.
      if (new RegExp(`(?<![\\w.-])${escape(info.modelId)}(?![\\w.-])`).test(line)) {
        const instead = info.replacement === undefined ? '' : `; use ${info.replacement}`;
        found.push(
          `${relative(root, file)}:${index + 1} names ${info.modelId} (${info.provider}, end of life ${info.endOfLifeOn ?? 'announced'}${instead})`,
        );
      }
    }
  });
  return found;
}

describe('models named in README, docs and examples', () => {
  it('reads the catalogs and the files (a sanity check of the test itself)', () => {
    expect(ageing.map((info) => info.modelId)).toEqual(
      expect.arrayContaining(['claude-sonnet-4-5', 'gpt-4o-mini', 'gpt-4-turbo']),
    );
    expect(readerFiles().map((file) => relative(root, file))).toEqual(
      expect.arrayContaining(['README.md', 'docs/getting-started.md', 'examples/demo.ts']),
    );
    expect(mentions(join(root, 'README.md'), [{ ...ageing[0]!, modelId: 'Quick' }])).not.toEqual(
      [],
    );
  });

  // Reads every page and example: seconds of CPU on a loaded machine, a budget against hangs.
  it(
    'are current: none is deprecated or retired, unless the line says so',
    { timeout: 60_000 },
    () => {
      expect(readerFiles().flatMap((file) => mentions(file, ageing))).toEqual([]);
    },
  );
});
