import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The code shown in docs/adapters/anthropic.md is the code of examples/,
// which the package's type check and lint cover; this test keeps the two
// identical, so the page cannot drift from the API.
const packageDir = new URL('../', import.meta.url);
const page = readFileSync(new URL('../../docs/adapters/anthropic.md', packageDir), 'utf8');
const snippets = [
  ...page.matchAll(/<!-- snippet: (examples\/[a-z-]+\.ts) -->\n\n```ts\n([\s\S]*?)\n```/g),
].map((match) => ({ path: match[1]!, code: match[2]! }));

/** An example's code without its first line, which names the section that shows it. */
function exampleCode(path: string): string {
  return readFileSync(new URL(path, packageDir), 'utf8').split('\n').slice(1).join('\n').trim();
}

describe('docs/adapters/anthropic.md', () => {
  it('has the headings every adapter page has', () => {
    expect([...page.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual([
      'Install',
      'Create',
      'Options',
      'Capabilities',
      'Errors',
      'Streaming',
      'OpenAI-compatible servers',
      'Limits',
    ]);
  });

  it('shows every example exactly as it compiles', () => {
    const examples = readdirSync(new URL('examples/', packageDir)).map(
      (name) => `examples/${name}`,
    );
    expect(snippets.map((snippet) => snippet.path).sort()).toEqual(examples.sort());
    for (const snippet of snippets)
      expect(snippet.code, snippet.path).toBe(exampleCode(snippet.path));
  });

  it('lists every catalog model in the Capabilities table', async () => {
    const { anthropicModelCatalog } = await import('./anthropic-model-catalog.ts');
    const section = page.slice(page.indexOf('## Capabilities'), page.indexOf('## Errors'));
    for (const id of Object.keys(anthropicModelCatalog)) expect(section, id).toContain(`\`${id}\``);
  });
});
