import type { Output } from './output.ts';

/** What a command reads and writes; the binary passes the process's, tests their own. */
export interface CliIo {
  /** Standard input (the prompt of `llm ask` when piped, the lines of `llm chat`). */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
  /** Standard output: answers and data. */
  readonly stdout: NodeJS.WritableStream & {
    readonly isTTY?: boolean | undefined;
    readonly columns?: number | undefined;
  };
  /** Standard error: progress, usage, errors. */
  readonly stderr: NodeJS.WritableStream & {
    readonly isTTY?: boolean | undefined;
    readonly columns?: number | undefined;
  };
  /** The environment (keys, `NO_COLOR`, `LLM_CONFIG`, `LLM_DATA_DIR`...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory, where the configuration file is looked for. */
  readonly cwd: string;
}

/** One option of a command, for the parser and for `--help`. */
export interface OptionSpec {
  /** `string` takes a value (`--model x`), `boolean` does not (`--json`). */
  readonly type: 'string' | 'boolean';
  /** One-letter alias (`-m`). */
  readonly short?: string | undefined;
  /** What the option does, one line for `--help`. */
  readonly description: string;
  /** The value's name in `--help` (`--model <id>`). */
  readonly valueName?: string | undefined;
}

/** Parsed option values, by option name. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** What a command's `run` receives. */
export interface CommandContext {
  readonly io: CliIo;
  /** Standard output through the shared output rules. */
  readonly out: Output;
  /** Standard error through the shared output rules. */
  readonly err: Output;
  /** The option values (the shared ones included). */
  readonly options: OptionValues;
  /** The arguments that are not options. */
  readonly positionals: readonly string[];
  /**
   * Registers a function that scrubs known secrets (the configuration's
   * resolved keys) from what an error report prints.
   */
  addRedaction(redact: (text: string) => string): void;
}

/** One `llm` command: its help and what it does. */
export interface Command {
  /** The word after `llm`. */
  readonly name: string;
  /** One line for `llm --help`. */
  readonly summary: string;
  /** The usage line, e.g. `llm ask [question] [options]`. */
  readonly usage: string;
  /** Paragraphs after the usage line in `--help`. */
  readonly description: string;
  /** The command's own options (the shared ones are added). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example command lines for `--help`. */
  readonly examples: readonly string[];
  /** Runs the command; resolves with the process's exit code. */
  run(context: CommandContext): Promise<number>;
}

/** Options every command takes. */
export const sharedOptions: Readonly<Record<string, OptionSpec>> = {
  config: {
    type: 'string',
    valueName: 'file',
    description:
      'the configuration file (default: $LLM_CONFIG, else llm.config.json/.yaml/.yml here)',
  },
  debug: { type: 'boolean', description: 'print the stack of an error (redacted)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Renders the `--help` text of a command. */
export function renderCommandHelp(command: Command): string {
  const options = { ...command.options, ...sharedOptions };
  const labels = Object.entries(options).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
    return [`${short}--${name}${value}`, spec.description] as const;
  });
  const width = Math.max(...labels.map(([label]) => label.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...labels.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}
