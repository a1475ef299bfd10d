import {
  ConfigError,
  computeCost,
  generateObject,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
} from '@org/llm-core';
import type { z } from 'zod';
import type { Command, CommandContext } from '../command.ts';
import { describeUsage, modelLabel, usageJson } from '../describe-usage.ts';
import { interruptible } from '../interruptible.ts';
import { readAll, readDataFile } from '../read-input.ts';
import { CommandLineError, exitCodes } from '../report-error.ts';

/** The question: the arguments, then what is piped on standard input (both when both are given). */
async function readQuestion(context: CommandContext): Promise<string> {
  const fromArgs = context.positionals.join(' ').trim();
  const piped = context.io.stdin.isTTY === true ? '' : (await readAll(context.io.stdin)).trim();
  const question = [fromArgs, piped].filter((part) => part !== '').join('\n\n');
  if (question === '') {
    throw new CommandLineError(
      'No question: give it as an argument (llm ask "What is Retry-After?") or pipe it (echo "..." | llm ask).',
    );
  }
  return question;
}

/** The zod schema of a `--schema` JSON Schema file. */
async function readSchema(file: string, cwd: string): Promise<z.ZodType> {
  const json = await readDataFile(file, cwd, '--schema');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(
      `--schema ${file} must hold a JSON Schema object ({"type": "object", ...}).`,
    );
  }
  // Loaded here: zod costs start-up time every other command can do without.
  const { z: zod } = await import('zod');
  try {
    return zod.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new ConfigError(
      `--schema ${file} is not a JSON Schema llm can use: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Streams the answer to standard output, a spinner on standard error until the first token. */
async function streamAnswer(
  context: CommandContext,
  label: string,
  model: ChatModel,
  request: ChatRequest,
): Promise<ChatResult> {
  const spinner = context.err.spinner(label);
  let stream;
  try {
    // stream() resolves at the first content (the commit point): the spinner runs until then.
    stream = await model.stream(request);
  } finally {
    spinner.stop();
  }
  let last = '';
  for await (const text of stream.textStream) {
    context.out.write(text);
    if (text !== '') last = text;
  }
  const result = await stream.final();
  if (result.text !== '' && !last.endsWith('\n')) context.out.write('\n');
  return result;
}

/** `llm ask`: one question, the answer streamed as it arrives. */
export const askCommand: Command = {
  name: 'ask',
  summary: 'ask a model one question; the answer streams as it arrives',
  usage: 'llm ask [question] [options]',
  description: [
    'Asks the model one question and prints the answer as it arrives. The question is the',
    'arguments, or standard input when it is piped (both, one after the other, when both are',
    'given). On a terminal a spinner shows until the first token. With --schema the answer is',
    'a JSON object checked against that JSON Schema; with --json the output is one JSON',
    'document (text or object, usage, cost). Errors print one line: the error class, what',
    'happened and what to do; the exit code is 1 (2 for a bad command line, 130 for Ctrl-C).',
  ].join('\n'),
  options: {
    model: {
      type: 'string',
      short: 'm',
      valueName: 'id',
      description:
        'an alias of the configuration or provider:model (default: conversations.model, else the first alias)',
    },
    system: { type: 'string', short: 's', valueName: 'text', description: 'the system prompt' },
    schema: {
      type: 'string',
      valueName: 'file',
      description: 'a JSON Schema file (JSON or YAML): answer with an object that satisfies it',
    },
    json: { type: 'boolean', description: 'print one JSON document instead of the streamed text' },
    verbose: {
      type: 'boolean',
      description: 'print the model, tokens, cost and time on standard error after the answer',
    },
  },
  examples: [
    'llm ask "Explain Retry-After in one sentence."',
    'llm ask --model anthropic:claude-sonnet-5-5 --verbose "Same question, on Claude."',
    'git diff | llm ask --system "You review code tersely." "Review this change."',
    'llm ask --schema person.schema.json "Ada Lovelace, born 1815"',
  ],
  async run(context) {
    const { options } = context;
    const question = await readQuestion(context);
    const schema =
      typeof options.schema === 'string'
        ? await readSchema(options.schema, context.io.cwd)
        : undefined;
    const { chosenModel, openRuntime } = await import('../open-runtime.ts');
    await using runtime = await openRuntime(context);
    const id = chosenModel(runtime, options.model);
    const model = runtime.chatModel(id);
    const system = typeof options.system === 'string' ? options.system : undefined;
    const label = modelLabel(id, model);
    const started = performance.now();

    await interruptible(async (abortSignal) => {
      const request: ChatRequest = {
        messages: [{ role: 'user', content: question }],
        ...(system === undefined ? {} : { system }),
        abortSignal,
      };
      if (schema !== undefined) {
        const spinner = options.json === true ? undefined : context.err.spinner(label);
        let generated;
        try {
          generated = await generateObject(model, { ...request, schema });
        } finally {
          spinner?.stop();
        }
        const cost = computeCost(generated.usage, model.capabilities.pricing);
        context.out.line(
          options.json === true
            ? JSON.stringify({
                model: id,
                object: generated.object,
                ...usageJson(generated.usage, cost),
              })
            : JSON.stringify(generated.object, undefined, 2),
        );
        if (options.verbose === true) {
          context.err.line(
            context.err.style(
              'dim',
              describeUsage(label, generated.usage, cost, performance.now() - started),
            ),
          );
        }
        return;
      }
      const result =
        options.json === true
          ? await model.generate(request)
          : await streamAnswer(context, label, model, request);
      const cost = result.cost ?? computeCost(result.usage, model.capabilities.pricing);
      if (options.json === true) {
        context.out.line(
          JSON.stringify({
            model: id,
            text: result.text,
            finishReason: result.finishReason.unified,
            ...usageJson(result.usage, cost),
          }),
        );
      }
      if (options.verbose === true) {
        context.err.line(
          context.err.style(
            'dim',
            describeUsage(label, result.usage, cost, performance.now() - started),
          ),
        );
      }
    });
    return exitCodes.ok;
  },
};
