// The `llm` binary as a whole: help on every command, the version, command
// lines it cannot read (exit code 2, one line), and warnings shown as one
// line of their own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandbox, type Sandbox } from './support/cli-process.ts';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

let box: Sandbox;
beforeAll(() => {
  box = sandbox();
});
afterAll(() => {
  box[Symbol.dispose]();
});

const llm = (args: readonly string[]) => runCli(args, { cwd: box.dir, env: box.env() });

describe('llm', () => {
  it('is the package’s bin, and lists its commands with --help and with no arguments', async () => {
    expect(manifest.bin).toEqual({ llm: './dist/cli.js' });
    const help = await llm(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: llm <command> \[options\]\n/);
    const commands = [...help.stdout.matchAll(/^ {2}(\w+) {2,}\S/gm)].map((match) => match[1]);
    expect(commands).toEqual(['ask', 'chat', 'models', 'simulate', 'serve']);
    expect((await llm([])).stdout).toBe(help.stdout);
  });

  it.each([
    ['ask', ['--model', '--system', '--schema', '--json', '--verbose']],
    ['chat', ['--model', '--conversation', '--system', '--store', '--list']],
    ['models', ['--provider', '--json']],
    ['simulate', ['--script', '--port', '--json', '--quiet']],
    ['serve', ['--port', '--host']],
  ])('%s --help says how to use it, with every option and examples', async (name, options) => {
    const result = await llm([name, '--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: llm ${name}`));
    for (const option of [...options, '--config', '--debug', '--help']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}(-\\w, )? *${option}\\b.* {2}\\S`, 'm'));
    }
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n {2}(\\S+=\\S+ )*llm ${name}`));
  });

  it('prints its version', async () => {
    const result = await llm(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('exits with 2 and one line for a command or an option it does not know', async () => {
    const command = await llm(['aks', 'Hi']);
    expect(command).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        "error CommandLineError: Unknown command 'aks': use one of ask, chat, models, simulate, serve; see llm --help.\n",
    });
    const option = await llm(['ask', '--modle', 'x', 'Hi']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(
      /^error CommandLineError: Unknown option '--modle'.*: see llm ask --help\.\n$/,
    );
    const value = await llm(['ask', '--model']);
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(
      /^error CommandLineError: Option '-m, --model <value>' argument missing: see llm ask --help\.\n$/,
    );
  });

  it('shows a warning as one line of its own, not as a Node process warning', async () => {
    // An id OpenAI's catalog does not know, on OpenAI's own API: a did-you-mean notice when the
    // model is made. `llm chat --list` makes it and lists conversations, with no request sent.
    writeFileSync(
      join(box.dir, 'llm.config.yaml'),
      'providers:\n  openai:\n    adapter: openai-http\n    apiKey: env:OPENAI_API_KEY\nmodels:\n  default: openai:gpt-6-lunaa\n',
    );
    const result = await runCli(['chat', '--list'], {
      cwd: box.dir,
      env: box.env({ OPENAI_API_KEY: 'sk-test-0123456789' }),
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^warning openai 'gpt-6-lunaa' is not a model .+ did you mean 'gpt-6-luna'\?/,
    );
    expect(lines.slice(1)).toEqual([
      `No conversation saved in ${join(box.dir, 'data', 'conversations.sqlite')}.`,
    ]);
  });
});
