import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicModelCatalog } from './anthropic-model-catalog.ts';

// examples/adapter-pages.test.ts checks the page's headings and examples, as
// for every adapter page; what is Anthropic's own is the model catalog.
const page = readFileSync(new URL('../../../docs/adapters/anthropic.md', import.meta.url), 'utf8');

describe('docs/adapters/anthropic.md', () => {
  it('lists every catalog model in the Capabilities table', () => {
    const section = page.slice(page.indexOf('## Capabilities'), page.indexOf('## Errors'));
    for (const id of Object.keys(anthropicModelCatalog)) expect(section, id).toContain(`\`${id}\``);
  });
});
