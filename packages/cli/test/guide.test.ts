// docs/guides/cli.md and the package README cannot drift from the command:
// every `$ llm ...` line they show names a command and options `llm` knows,
// the simulation script and the gateway configuration they show are the
// files the tests run, and the configuration passes every check of @org/llm.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { loadConfig } from '@org/llm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../src/run-cli.ts';
import { parseSimulationScript } from '../src/simulate/simulation-script.ts';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const pages = { guide: '../../../docs/guides/cli.md', readme: '../README.md' } as const;

/** The fenced blocks of `markdown` in `lang`. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map(
    (match) => match[1]!,
  );
}

/** Splits a shell command line into words (plain, '...' and "..." quoting). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3]!,
  );
}

/** The arguments of each `llm` the text blocks of `markdown` run (after a pipe, before a redirect). */
function llmLines(markdown: string): { line: string; args: string[] }[] {
  return blocks(markdown, 'text')
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2))
    .map((line) => ({ line, command: line.split(' | ').at(-1)!.split(' > ')[0]! }))
    .filter(({ command }) => /^(\w+=\S+ )*llm\b/.test(command))
    .map(({ line, command }) => {
      const words = shellWords(command);
      return { line, args: words.slice(words.indexOf('llm') + 1) };
    });
}

/** Runs `llm` in this process and returns its exit code and what it printed on standard error. */
async function run(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(args, {
    stdin,
    stdout: new PassThrough().resume(),
    stderr,
    env: {},
    cwd: process.cwd(),
  });
  return { code, stderr: text };
}

describe.each(Object.entries(pages))('the command lines of the %s', (_name, page) => {
  const lines = llmLines(read(page));

  it('are there', () => {
    expect(lines.length).toBeGreaterThan(page === pages.guide ? 15 : 2);
  });

  it.each(lines)('`$line` names a command and options llm knows', async ({ args }) => {
    expect(await run([...args, '--help'])).toEqual({ code: 0, stderr: '' });
  });
});

describe('the YAML of the guide', () => {
  const yaml = blocks(read(pages.guide), 'yaml');

  it('shows examples/simulate.yaml as it is, and it is a valid script', () => {
    const file = read('../examples/simulate.yaml');
    expect(yaml).toContain(file);
    expect(parseSimulationScript(parse(file), 'simulate.yaml').steps).toHaveLength(5);
  });

  it('shows examples/gateway.llm.config.yaml as it is, and it passes every check', () => {
    const file = read('../examples/gateway.llm.config.yaml');
    expect(yaml).toContain(file);
    const { config } = loadConfig({ config: parse(file) as unknown, env: {}, envFile: false });
    expect(config.gateway?.keys?.map((key) => key.id)).toEqual(['search-team', 'support-app']);
  });

  it('has no other block', () => {
    expect(yaml).toHaveLength(2);
  });
});

describe('shellWords', () => {
  it('keeps quoted words whole', () => {
    expect(shellWords(`llm ask --system "You are terse." 'Hi there' plain`)).toEqual([
      'llm',
      'ask',
      '--system',
      'You are terse.',
      'Hi there',
      'plain',
    ]);
  });
});
