// Keeps docs/guides/resilience.md honest: every TypeScript snippet in it is
// a file under examples/ (which the package's type check and lint cover).
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const guide = readFileSync(new URL('../../../docs/guides/resilience.md', import.meta.url), 'utf8');
const examplesDir = new URL('../examples/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(new URL(name, examplesDir), 'utf8') }));
const snippets = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

it('has snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(10);
});

it.each(snippets.map((snippet, index) => [index + 1, snippet] as const))(
  'snippet %i is a compiling example file',
  (_, snippet) => {
    const home = examples.find((example) => example.text.trim() === snippet.trim());
    expect(
      home,
      `no file in packages/resilience/examples/ holds this snippet:\n${snippet}`,
    ).toBeDefined();
  },
);
