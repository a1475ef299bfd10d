import type { Command } from '../command.ts';
import { readDataFile } from '../read-input.ts';
import { CommandLineError, exitCodes } from '../report-error.ts';
import type { SimulationScript } from '../simulate/simulation-script.ts';
import { untilShutdownSignal } from '../shutdown-signal.ts';

/** `llm simulate`: the test kit's fake server as a local OpenAI and Anthropic provider. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'a local OpenAI- and Anthropic-compatible provider, scripted from a file',
  usage: 'llm simulate [--script file] [--port n] [options]',
  description: [
    'Starts the test kit’s fake provider server on 127.0.0.1: it speaks the OpenAI Chat',
    'Completions and the Anthropic Messages wires (JSON and streams, tool calls, errors,',
    'faults), needs no key and reaches no network. Standard output gets its base URLs, one',
    'per line (OPENAI_BASE_URL=..., ANTHROPIC_BASE_URL=...), or one JSON line with --json;',
    'standard error gets a line per request. Each request takes the first step of the',
    'script that matches it; without a script, or once the steps are used up, it answers',
    '"You said: <your message>" (or HTTP 500 with `then: error`). Ctrl-C or SIGTERM stops it.',
  ].join('\n'),
  options: {
    script: {
      type: 'string',
      valueName: 'file',
      description: 'the steps to answer, a JSON or YAML file (see docs/guides/cli.md)',
    },
    port: {
      type: 'string',
      short: 'p',
      valueName: 'n',
      description: 'the port on 127.0.0.1 (default: a free one)',
    },
    json: { type: 'boolean', description: 'print the base URLs as one JSON line' },
    quiet: { type: 'boolean', short: 'q', description: 'do not log the requests' },
  },
  examples: [
    'llm simulate --port 4010',
    'llm simulate --script simulate.yaml --json',
    'OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_API_KEY=sk-simulated llm ask "Hello"',
  ],
  async run(context) {
    const { options, out, err } = context;
    let port: number | undefined;
    if (typeof options.port === 'string') {
      port = Number(options.port);
      if (!/^\d+$/.test(options.port) || port > 65_535) {
        throw new CommandLineError(`--port ${options.port}: give a port number from 0 to 65535.`);
      }
    }
    // The test kit's server and zod load only for this command.
    const [{ parseSimulationScript }, { startSimulator }] = await Promise.all([
      import('../simulate/simulation-script.ts'),
      import('../simulate/start-simulator.ts'),
    ]);
    const script: SimulationScript =
      typeof options.script === 'string'
        ? parseSimulationScript(
            await readDataFile(options.script, context.io.cwd, '--script'),
            options.script,
          )
        : { steps: [], then: 'echo' };

    const server = await startSimulator(script, {
      port,
      onRequest:
        options.quiet === true
          ? undefined
          : (request) => {
              err.line(
                err.style(
                  'dim',
                  `${request.wire} ${request.model || '(no model)'} → ${request.answer}`,
                ),
              );
            },
    });
    try {
      if (options.json === true) {
        out.line(
          JSON.stringify({
            url: server.url,
            openaiBaseURL: server.openaiBaseURL,
            anthropicBaseURL: server.anthropicBaseURL,
          }),
        );
      } else {
        out.line(`OPENAI_BASE_URL=${server.openaiBaseURL}`);
        out.line(`ANTHROPIC_BASE_URL=${server.anthropicBaseURL}`);
      }
      err.line(
        `${err.style('bold', 'llm simulate')}: OpenAI and Anthropic on ${server.url}, ${String(script.steps.length)} scripted step${script.steps.length === 1 ? '' : 's'}, then ${script.then}. Any API key works. Ctrl-C stops it.`,
      );
      await untilShutdownSignal();
    } finally {
      await server.close();
    }
    return exitCodes.ok;
  },
};
