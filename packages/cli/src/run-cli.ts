import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { setWarningHandler } from '@org/llm-core';
import { askCommand } from './commands/ask-command.ts';
import { chatCommand } from './commands/chat-command.ts';
import { modelsCommand } from './commands/models-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { simulateCommand } from './commands/simulate-command.ts';
import { renderCommandHelp, sharedOptions, type CliIo, type Command } from './command.ts';
import { CommandLineError, exitCodes, reportError } from './report-error.ts';
import { Output } from './output.ts';
import { cliVersion } from './version.ts';

/** Every command, in the order `llm --help` lists them. */
export const commands: readonly Command[] = [
  askCommand,
  chatCommand,
  modelsCommand,
  simulateCommand,
  serveCommand,
];

function renderMainHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: llm <command> [options]',
    '',
    'One typed interface for OpenAI, Anthropic Claude and any OpenAI-compatible server,',
    'configured by llm.config.yaml (or OPENAI_API_KEY / ANTHROPIC_API_KEY alone).',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (`llm <command> --help` for a command)',
    '  -v, --version  print the version',
    '',
    'Documentation: https://github.com/org/llm/blob/main/docs/guides/cli.md',
    '',
  ].join('\n');
}

/** The index of the first argument that is not an option (the command), or -1. */
function commandIndex(args: readonly string[]): number {
  const { tokens } = parseArgs({
    args: [...args],
    options: { config: { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === 'positional');
  return first?.index ?? -1;
}

/**
 * Runs `llm` with `args` (the words after `llm`) and resolves with the exit
 * code: 0 on success, 1 when the work failed (a provider error, a bad
 * configuration), 2 for a command line it cannot read, 130 when cancelled
 * with Ctrl-C. Errors are printed on one line (the class, the message, what
 * to do), keys redacted, with the stack only under `--debug`.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const out = new Output(io.stdout, io.env);
  const err = new Output(io.stderr, io.env);
  const debug = args.includes('--debug');
  const redactions: ((text: string) => string)[] = [];
  const redact = (text: string): string =>
    redactions.reduce((current, scrub) => scrub(current), text);
  try {
    const at = commandIndex(args);
    if (at === -1) {
      if (args.includes('--version') || args.includes('-v')) {
        out.line(cliVersion);
        return exitCodes.ok;
      }
      if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
        out.write(renderMainHelp());
        return exitCodes.ok;
      }
      throw new CommandLineError(
        `Unknown option ${args[0]!}: give a command first (${commands.map((command) => command.name).join(', ')}); see llm --help.`,
      );
    }
    const name = args[at]!;
    const command = commands.find((candidate) => candidate.name === name);
    if (command === undefined) {
      throw new CommandLineError(
        `Unknown command '${name}': use one of ${commands.map((candidate) => candidate.name).join(', ')}; see llm --help.`,
      );
    }
    const specs = { ...command.options, ...sharedOptions };
    const parserOptions: ParseArgsOptionsConfig = {};
    for (const [option, spec] of Object.entries(specs)) {
      parserOptions[option] =
        spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...args.slice(0, at), ...args.slice(at + 1)],
        options: parserOptions,
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      // Node's messages name the option ("Unknown option '--modle'"); add where the list is.
      throw new CommandLineError(
        `${(error as Error).message.replace(/\.?$/, '')}: see llm ${command.name} --help.`,
      );
    }
    if (parsed.values.help === true) {
      out.write(renderCommandHelp(command));
      return exitCodes.ok;
    }
    // Settings a model cannot take, unknown or deprecated model ids: one line
    // each on standard error, keys scrubbed, instead of a Node process warning.
    using _warnings = setWarningHandler((notice) => {
      err.line(
        `${err.style(['bold', 'yellow'], 'warning')} ${redact(notice.message.replace(/\s+/g, ' '))}`,
      );
    });
    return await command.run({
      io,
      out,
      err,
      options: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
      addRedaction: (scrub) => {
        redactions.push(scrub);
      },
    });
  } catch (error) {
    return reportError(error, err, { debug, redact });
  }
}
