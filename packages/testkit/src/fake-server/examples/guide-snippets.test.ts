// Every code snippet of docs/guides/testing-your-app.md is an excerpt of an
// example file here (which the type check and the test run cover), so the
// guide cannot drift from the API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const guide = readFileSync(
  join(import.meta.dirname, '../../../../../docs/guides/testing-your-app.md'),
  'utf8',
);
const snippets = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const examples = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(join(import.meta.dirname, name), 'utf8'));

/** Lines without their indentation, so an excerpt matches at any nesting depth. */
const flatten = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();

describe('docs/guides/testing-your-app.md', () => {
  it('has TypeScript snippets', () => {
    expect(snippets.length).toBeGreaterThan(8);
  });

  it.each(snippets.map((snippet, index) => [index + 1, snippet] as const))(
    'snippet %i is an excerpt of an example file',
    (_index, snippet) => {
      expect(examples.some((example) => flatten(example).includes(flatten(snippet)))).toBe(true);
    },
  );
});
