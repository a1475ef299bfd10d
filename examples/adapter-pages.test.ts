// Every adapter page, docs/adapters/<package>.md, has the same headings, and
// the code it shows is its package's examples/ (which that package's type
// check and lint cover), each file whole and exactly: the pages cannot drift
// from the API or from each other's layout.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The headings every adapter page has, in order. */
const adapterPageHeadings = [
  'Install',
  'Create',
  'Options',
  'Capabilities',
  'Errors',
  'Streaming',
  'OpenAI-compatible servers',
  'Limits',
];

/** `<!-- snippet: examples/x.ts -->` followed by a ts block: the example it shows. */
const snippetPattern = /<!-- snippet: (examples\/[a-z-]+\.ts) -->\n\n```ts\n([\s\S]*?)\n```/g;

/** An example file without its first line (the comment naming the page section that shows it). */
function exampleCode(packageDir: string, path: string): string {
  return readFileSync(join(packageDir, path), 'utf8').split('\n').slice(1).join('\n').trim();
}

const pages = readdirSync(join(root, 'docs', 'adapters')).filter((name) => name.endsWith('.md'));

describe('adapter pages', () => {
  it('cover the three adapters', () => {
    expect(pages.sort()).toEqual(['anthropic.md', 'openai-http.md', 'openai.md']);
  });

  describe.each(pages)('docs/adapters/%s', (name) => {
    const page = readFileSync(join(root, 'docs', 'adapters', name), 'utf8');
    const packageDir = join(root, 'packages', name.replace(/\.md$/, ''));
    const snippets = [...page.matchAll(snippetPattern)].map((match) => ({
      path: match[1]!,
      code: match[2]!,
    }));

    it('has the headings every adapter page has', () => {
      expect([...page.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual(
        adapterPageHeadings,
      );
    });

    it('shows every example of its package, each exactly as it compiles', () => {
      const examples = readdirSync(join(packageDir, 'examples')).map((file) => `examples/${file}`);
      expect(snippets.map((snippet) => snippet.path).sort()).toEqual(examples.sort());
      for (const snippet of snippets)
        expect(snippet.code, snippet.path).toBe(exampleCode(packageDir, snippet.path));
    });
  });
});
