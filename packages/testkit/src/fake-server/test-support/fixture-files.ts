// Lists the recordings under peers/fixtures and the ones its MANIFEST names.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every recording file under `<peers>/fixtures/{openai,anthropic}`, as paths relative to `fixtures/`. */
export function fixtureFiles(peers: string): string[] {
  const root = join(peers, 'fixtures');
  return ['openai', 'anthropic']
    .flatMap((wire) =>
      readdirSync(join(root, wire), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name))),
    )
    .sort();
}

/** The files the MANIFEST tables list, as paths relative to `fixtures/`. */
export function manifestFiles(peers: string): string[] {
  const manifest = readFileSync(join(peers, 'fixtures', 'MANIFEST.md'), 'utf8');
  const files: string[] = [];
  let section: string | undefined;
  for (const line of manifest.split('\n')) {
    if (line.startsWith('## OpenAI')) section = 'openai';
    else if (line.startsWith('## Anthropic')) section = 'anthropic';
    else if (line.startsWith('## ')) section = undefined;
    const match = /^\| `([^`]+)` \|/.exec(line);
    if (section !== undefined && match !== null) files.push(`${section}/${match[1]!}`);
  }
  return files.sort();
}
