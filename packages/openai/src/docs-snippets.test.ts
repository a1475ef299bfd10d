import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The code in docs/adapters/openai.md is copied from examples/, which
// the package's type check and lint cover: this keeps the two identical, so
// the docs cannot drift from the API.
const packageDir = new URL('../', import.meta.url);
const doc = readFileSync(new URL('../../docs/adapters/openai.md', packageDir), 'utf8');
const snippet = /<!-- snippet: (examples\/[a-z-]+\.ts) -->\n\n```ts\n([\s\S]*?)\n```/g;
const embedded = [...doc.matchAll(snippet)].map((match) => ({ path: match[1]!, code: match[2]! }));

/** An example file without its first line (the comment naming the docs section). */
function exampleCode(path: string): string {
  return readFileSync(new URL(path, packageDir), 'utf8').split('\n').slice(1).join('\n').trim();
}

describe('docs/adapters/openai.md', () => {
  it('has the adapter page headings', () => {
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual([
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

  it('embeds every example, each exactly as it compiles', () => {
    const files = readdirSync(new URL('examples/', packageDir)).map((name) => `examples/${name}`);
    expect(embedded.map((entry) => entry.path).sort()).toEqual(files.sort());
    for (const entry of embedded) expect(entry.code, entry.path).toBe(exampleCode(entry.path));
  });
});
