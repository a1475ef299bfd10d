// Every YAML block of the configuration guides is a whole configuration
// that loads and passes every check, so the guides cannot drift from the schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/load-config.ts';

const guides = ['configuration.md', 'secrets-and-proxies.md'] as const;

const blocks = guides.flatMap((guide) => {
  const text = readFileSync(new URL(`../../../docs/guides/${guide}`, import.meta.url), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (match, index) => [`${guide} block ${index + 1}`, match[1]!] as const,
  );
});

describe('configuration examples in the guides', () => {
  it('has an example per provider', () => {
    const adapters = blocks.map(([, text]) => text);
    for (const adapter of ['openai-http', 'openai', 'anthropic']) {
      expect(adapters.some((text) => text.includes(`adapter: ${adapter}\n`))).toBe(true);
    }
    expect(adapters.some((text) => text.includes('azure:'))).toBe(true);
  });

  it.each(blocks)('%s loads and passes every check', (_name, text) => {
    expect(() =>
      loadConfig({ config: parse(text) as unknown, env: {}, envFile: false }),
    ).not.toThrow();
  });
});
