import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAIHttpVersion } from './openai-http-version.ts';

describe('openAIHttpVersion', () => {
  it('equals the version in package.json (it is sent in the User-Agent)', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(openAIHttpVersion).toBe(manifest.version);
  });
});
