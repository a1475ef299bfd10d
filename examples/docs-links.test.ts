// Every relative link in the docs and the README points at a file that exists,
// so pages cannot silently lose their targets when files move. Package READMEs
// (their pages on npm, where relative links break) link to the repository by
// URL; those URLs must name files that exist too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Relative link targets in a markdown text: `[text](target)`, without anchors. */
export function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

/** The repository's file URLs, which package READMEs use instead of relative links. */
const repositoryFiles = 'https://github.com/org/llm/blob/main/';

/** Paths (from the repository root) of the repository file URLs in a markdown text. */
export function repositoryLinks(markdown: string): string[] {
  return [
    ...markdown.matchAll(/\]\((https:\/\/github\.com\/org\/llm\/blob\/main\/[^)\s]+)\)/g),
  ].map((match) => match[1]!.slice(repositoryFiles.length).split('#')[0]!);
}

describe('docs links', () => {
  it('finds relative links and skips URLs, anchors and code', () => {
    expect(
      relativeLinks('[a](b.md#x) [c](https://x.y) [d](#top) `[e](f.md)`\n```\n[g](h.md)\n```'),
    ).toEqual(['b.md']);
  });

  it('finds repository file URLs', () => {
    expect(
      repositoryLinks(
        `[a](${repositoryFiles}docs/x.md#y) [b](https://github.com/other/z) [c](d.md)`,
      ),
    ).toEqual(['docs/x.md']);
  });

  const readmes = readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name, 'README.md'))
    .filter((file) => existsSync(file));
  it.each(readmes.map((file) => [relative(root, file), file]))(
    '%s links by URL to repository files that exist',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(relativeLinks(text), `relative links break on npm: ${relative(root, file)}`).toEqual(
        [],
      );
      const missing = repositoryLinks(text).filter((path) => !existsSync(join(root, path)));
      expect(missing, `dead links in ${relative(root, file)}`).toEqual([]);
    },
  );

  const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];
  it.each(files.map((file) => [relative(root, file), file]))(
    '%s links to files that exist',
    (_name, file) => {
      const missing = relativeLinks(readFileSync(file, 'utf8')).filter(
        (target) => !existsSync(resolve(dirname(file), decodeURIComponent(target))),
      );
      expect(missing, `dead links in ${relative(root, file)}`).toEqual([]);
    },
  );
});
