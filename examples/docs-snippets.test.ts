// Every TypeScript block in the docs must be (part of) a file that the type
// check covers, so the docs cannot drift from the API: a ```ts block in
// docs/**/*.md, README.md or packages/*/README.md has to appear, whitespace aside, in a .ts file
// under examples/, packages/*/examples/ or packages/*/src/**/examples/. Text that is not code (type
// signatures, shapes) is fenced as ```text instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One fenced code block of a Markdown file. */
interface CodeBlock {
  /** Info string's first word, lower-cased (`ts`, `typescript`, `sh`...). */
  readonly lang: string;
  /** The block's text. */
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The nearest heading above the block. */
  readonly heading: string;
}

/** Fenced code blocks (``` or ~~~, indented up to three spaces) with their heading. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let heading = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (open === null) {
      const title = /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
      if (title !== null) heading = title[1]!;
      continue;
    }
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length) {
      const candidate = lines[end]!;
      const trimmed = candidate.trimStart();
      const isClose =
        candidate.length - trimmed.length <= 3 &&
        trimmed.startsWith(fence[0]!.repeat(fence.length)) &&
        trimmed.replace(/^(`+|~+)/, '').trim() === '';
      if (isClose) break;
      body.push(
        candidate.startsWith(indent) ? candidate.slice(indent.length) : candidate.trimStart(),
      );
      end++;
    }
    blocks.push({ lang: info.toLowerCase(), code: body.join('\n'), line: index + 1, heading });
    index = end;
  }
  return blocks;
}

/**
 * Compares code regardless of layout: whitespace is dropped, and so are
 * trailing commas, which Prettier adds or removes when it rewraps a line at
 * another indentation.
 */
export function normalise(code: string): string {
  return code.replace(/\s+/g, '').replace(/,([)\]}>])/g, '$1');
}

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(entry.name)) out.push(path);
  }
  return out;
}

const isTypeScript = (name: string): boolean => name.endsWith('.ts');

function exampleSources(): Map<string, string> {
  const files = [
    ...filesUnder(join(root, 'examples'), isTypeScript),
    ...readdirSync(join(root, 'packages')).flatMap((name) =>
      filesUnder(join(root, 'packages', name, 'examples'), isTypeScript),
    ),
    // Example tests that run against a package's internals sit in its source tree.
    ...readdirSync(join(root, 'packages')).flatMap((name) =>
      filesUnder(join(root, 'packages', name, 'src'), isTypeScript).filter((file) =>
        file.includes('/examples/'),
      ),
    ),
  ];
  return new Map(
    files.map((file) => [relative(root, file), normalise(readFileSync(file, 'utf8'))]),
  );
}

function docFiles(): string[] {
  // docs/api is TypeDoc's generated output (git-ignored), not written docs.
  const docs = filesUnder(join(root, 'docs'), (name) => name.endsWith('.md')).filter(
    (file) => !relative(join(root, 'docs'), file).startsWith('api'),
  );
  // Each package's README is its page on npm.
  const readmes = readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name, 'README.md'))
    .filter((file) => existsSync(file));
  return [join(root, 'README.md'), ...readmes, ...docs].map((file) => relative(root, file));
}

/**
 * README's "Swap OpenAI for Claude" block imports adapters that are not
 * written yet; it is checked like any other block once both exist.
 */
export function pendingReason(
  file: string,
  block: Pick<CodeBlock, 'heading'>,
  exists: (path: string) => boolean = (path) => existsSync(join(root, path)),
): string | undefined {
  if (file !== 'README.md' || block.heading !== 'Swap OpenAI for Claude') return undefined;
  const missing = [
    ['@org/llm-openai-http', 'packages/openai-http/src/index.ts'],
    ['@org/llm-anthropic', 'packages/anthropic/src/index.ts'],
  ].filter(([, index]) => !exists(index!));
  if (missing.length === 0) return undefined;
  const names = missing.map(([name, index]) => `${name!} (${index!})`).join(' and ');
  return `the block imports ${names}, which ${missing.length === 1 ? 'does' : 'do'} not exist yet`;
}

const typescriptLangs = new Set(['ts', 'typescript']);

const cases = docFiles().flatMap((file) =>
  codeBlocks(readFileSync(join(root, file), 'utf8'))
    .filter((block) => typescriptLangs.has(block.lang))
    .map((block, index) => ({
      file,
      block,
      name: `${file} ts block #${index + 1} (line ${block.line}, under "${block.heading}")`,
      pending: pendingReason(file, block),
    })),
);

describe('docs snippets', () => {
  const sources = exampleSources();

  for (const { file, block, name, pending } of cases) {
    if (pending !== undefined) {
      console.log(`Skipping ${name}: ${pending}.`);
      it.skip(`${name} (skipped: ${pending})`, () => undefined);
      continue;
    }
    it(`${name} is quoted from a type-checked example file`, () => {
      const needle = normalise(block.code);
      const home = [...sources].find(([, text]) => text.includes(needle))?.[0];
      expect(
        home,
        `${file}, block at line ${block.line} under "${block.heading}" is not in any .ts file under examples/, packages/*/examples/ or packages/*/src/**/examples/. Put the code in an example file (the type check covers it) and copy it from there, or fence non-code as \`\`\`text. Block starts with: ${block.code.split('\n')[0]!}`,
      ).toBeDefined();
    });
  }

  it('finds the TypeScript blocks of every concept page', () => {
    const pages = [
      'docs/getting-started.md',
      'docs/concepts/chat-model.md',
      'docs/concepts/messages.md',
      'docs/concepts/streaming.md',
      'docs/concepts/errors.md',
      'docs/concepts/structured-output.md',
      'docs/concepts/tools.md',
      'docs/concepts/conversations.md',
      'docs/concepts/middleware-and-registry.md',
    ];
    for (const page of pages) {
      expect(
        cases.filter((entry) => entry.file === page).length,
        `${page} has no ts block`,
      ).toBeGreaterThan(0);
    }
  });
});

describe('codeBlocks and normalise', () => {
  it('reads ts and typescript fences, indented fences and tildes, with their heading', () => {
    const markdown = [
      '# Title',
      '```ts',
      'const a = 1;',
      '```',
      '## Second',
      '- item',
      '  ```typescript',
      '  const b = 2;',
      '  ```',
      '~~~text',
      'ChatModel { ... }',
      '~~~',
      '````ts',
      '```',
      '````',
    ].join('\n');
    expect(codeBlocks(markdown)).toEqual([
      { lang: 'ts', code: 'const a = 1;', line: 2, heading: 'Title' },
      { lang: 'typescript', code: 'const b = 2;', line: 7, heading: 'Second' },
      { lang: 'text', code: 'ChatModel { ... }', line: 10, heading: 'Second' },
      { lang: 'ts', code: '```', line: 13, heading: 'Second' },
    ]);
  });

  it('ignores layout but not code', () => {
    const wrapped = 'call(\n  first,\n  second,\n);';
    expect(normalise(wrapped)).toBe(normalise('call(first, second);'));
    expect(normalise(wrapped)).not.toBe(normalise('call(first, third);'));
  });

  it('skips the README adapter block only while an adapter is missing', () => {
    const swap = { heading: 'Swap OpenAI for Claude' };
    const only = (present: string) => (path: string) => path === present;
    expect(pendingReason('README.md', swap, only('packages/openai-http/src/index.ts'))).toBe(
      'the block imports @org/llm-anthropic (packages/anthropic/src/index.ts), which does not exist yet',
    );
    expect(pendingReason('README.md', swap, () => false)).toContain('@org/llm-openai-http');
    expect(pendingReason('README.md', swap, () => true)).toBeUndefined();
    expect(pendingReason('README.md', { heading: 'Quick start' }, () => false)).toBeUndefined();
    expect(pendingReason('docs/getting-started.md', swap, () => false)).toBeUndefined();
  });
});
