// Every link in the README, the docs and the package READMEs resolves: a
// relative link names a file that exists, and its #anchor a heading of that
// file (GitHub's slugs); a link to this repository on GitHub
// (https://github.com/org/llm/blob/main/...) is checked the same way. Nothing
// is fetched: other URLs are left alone. remark-validate-links does the
// checking; unified-engine gives it every file at once, so anchors into other
// files are checked too.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve as resolvePath } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkValidateLinks from 'remark-validate-links';
import { engine, type Options as EngineOptions } from 'unified-engine';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The repository's address; links to its files by URL are checked as local links. */
const repository = 'https://github.com/org/llm';

/** What the link check reads: the README, every page of docs/ (not TypeDoc's output) and each package's README. */
const markdownFiles = ['README.md', 'docs', 'packages/*/README.md'];

/**
 * Broken links of the Markdown files (or folders) `files` under `root`, as
 * `path:line: reason` lines.
 */
export function brokenLinks(root: string, files: readonly string[]): Promise<string[]> {
  // The engine writes a report to streamError; the messages are read from the files instead.
  const quiet = new PassThrough();
  quiet.resume();
  return new Promise((resolve, reject) => {
    engine(
      {
        processor: remark().use(remarkGfm),
        cwd: root,
        files: [...files],
        extensions: ['md'],
        ignorePatterns: ['docs/api/**', '**/node_modules/**'],
        // A plugin given here (not on the processor) gets the file set, which it needs for anchors into other files.
        // unified-engine types plugins as taking `unknown` options, which no typed plugin is.
        plugins: [[remarkValidateLinks, { repository, root }]] as EngineOptions['plugins'],
        detectConfig: false,
        detectIgnore: false,
        out: false,
        output: false,
        color: false,
        streamError: quiet,
      },
      (error, _code, context) => {
        if (error) {
          reject(error);
          return;
        }
        const found = (context?.files ?? []).flatMap((file) =>
          file.messages.map(
            (message) =>
              `${relative(root, resolvePath(file.cwd, file.path))}:${String(message.line ?? 0)}: ${message.reason}`,
          ),
        );
        resolve(found.sort());
      },
    );
  });
}

interface MarkdownNode {
  readonly type: string;
  readonly url?: string;
  readonly position?: { readonly start: { readonly line: number } };
  readonly children?: readonly MarkdownNode[];
}

/** Links (and images and link definitions) of a Markdown text whose target is not a URL. */
export function relativeLinks(markdown: string): string[] {
  const found: string[] = [];
  const visit = (node: MarkdownNode): void => {
    if (node.url !== undefined && !/^[a-z][a-z\d+.-]*:/i.test(node.url)) {
      found.push(`${String(node.position?.start.line ?? 0)}: ${node.url}`);
    }
    node.children?.forEach(visit);
  };
  visit(remark().use(remarkGfm).parse(markdown));
  return found;
}

describe('docs links', () => {
  it('every relative link and #anchor of the README, docs/ and package READMEs resolves', async () => {
    expect(await brokenLinks(root, markdownFiles)).toEqual([]);
    // Parsing every page takes a few seconds, more on a loaded machine.
  }, 60_000);

  const readmes = readdirSync(join(root, 'packages'))
    .map((name) => join('packages', name, 'README.md'))
    .filter((file) => existsSync(join(root, file)));
  it.each(readmes)('%s links by URL (relative links break on npm)', (file) => {
    expect(relativeLinks(readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });

  it('reports missing files, missing headings here and elsewhere, and dead repository URLs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(
        join(dir, 'docs', 'guide.md'),
        [
          '# Guide',
          '',
          '## Set-up: the `llm` command',
          '',
          'Fine: [here](#set-up-the-llm-command), [there](other.md#second-part),',
          '[repository](https://github.com/org/llm/blob/main/docs/other.md#first), [web](https://example.com/x.md).',
          '',
          '| table |',
          '| ----- |',
          '| [gone](gone.md) |',
          '',
          '[no heading](#set-up), [elsewhere](other.md#nope), [dead](https://github.com/org/llm/blob/main/docs/dead.md).',
          '',
        ].join('\n'),
      );
      writeFileSync(join(dir, 'docs', 'other.md'), '# First\n\n## Second part\n');

      expect(await brokenLinks(dir, ['docs'])).toEqual([
        'docs/guide.md:10: Cannot find file `gone.md`',
        'docs/guide.md:12: Cannot find file `dead.md`',
        'docs/guide.md:12: Cannot find heading for `#nope` in `other.md`',
        'docs/guide.md:12: Cannot find heading for `#set-up`',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds relative links in text, tables and definitions, and skips URLs and code', () => {
    const markdown = [
      '[a](b.md#x) [c](https://x.y) [d](#top) `[e](f.md)` <mailto:a@b.c>',
      '',
      '| [g](h.md) |',
      '| --------- |',
      '',
      '```',
      '[i](j.md)',
      '```',
      '',
      '[k]: ../l.md',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual(['1: b.md#x', '1: #top', '3: h.md', '10: ../l.md']);
  });
});
