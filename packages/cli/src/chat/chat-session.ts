import { createInterface, type Interface } from 'node:readline';
import type { LlmRuntime } from '@org/llm';
import {
  addUsage,
  computeCost,
  Conversation,
  createUsage,
  type ChatMessage,
  type ConversationOptions,
} from '@org/llm-core';
import type { CommandContext } from '../command.ts';
import { formatTokens, formatUsd } from '../describe-usage.ts';
import { isAbort, reportError } from '../report-error.ts';

/** What {@link runChatSession} needs. */
export interface ChatSessionOptions {
  readonly context: CommandContext;
  readonly runtime: LlmRuntime;
  /** The model id (alias or `provider:model`) the session starts on. */
  readonly modelId: string;
  /** How every conversation of the session is made (a new one after `/reset`). */
  readonly conversation: Omit<ConversationOptions, 'model'>;
  /** Where the conversations are saved, for people. */
  readonly where: string;
  /** Print stacks of errors. */
  readonly debug: boolean;
}

const help = [
  'Type a message and press Enter. Commands:',
  '  /model [id]  show the model, or switch to another (alias or provider:model); the history stays',
  '  /reset       start a new conversation (the current one stays saved)',
  '  /usage       tokens and cost of this session',
  '  /history     the messages of this conversation',
  '  /exit        leave (Ctrl-D too; Ctrl-C twice at the prompt)',
  'Ctrl-C while an answer arrives cancels that answer, not the session.',
].join('\n');

/** The text of a message for `/history`, tool calls and results shown in brackets. */
function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((part) => {
      switch (part.type) {
        case 'text':
          return part.text;
        case 'tool-call':
          return `[tool call ${part.toolName} ${JSON.stringify(part.input)}]`;
        case 'tool-result':
          return `[tool result ${part.toolName}]`;
        case 'image':
          return '[image]';
        default:
          return '';
      }
    })
    .join('');
}

/**
 * The interactive loop of `llm chat`. On a terminal: a prompt with history,
 * answers streamed after a spinner, Ctrl-C cancels the answer in flight (the
 * partial answer is stored as an interrupted turn), Ctrl-C twice at the
 * prompt or Ctrl-D leaves. On piped input: one message (or slash command)
 * per line, answers printed as they arrive, leaving at the end of the input.
 */
export async function runChatSession(options: ChatSessionOptions): Promise<number> {
  const { context, runtime } = options;
  const { io, out, err } = context;
  const tty = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const stdin = io.stdin as NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => unknown };
  let modelId = options.modelId;
  let conversation = new Conversation({
    ...options.conversation,
    model: runtime.chatModel(modelId),
  });
  const session = { turns: 0, usage: createUsage(), costUsd: 0, costKnown: true };

  const rl: Interface = createInterface({
    input: io.stdin,
    output: tty ? io.stdout : undefined,
    terminal: tty,
    historySize: 200,
  });
  rl.setPrompt(out.style(['bold', 'green'], 'you › '));
  let inFlight: AbortController | undefined;
  let armed = false;

  const report = (error: unknown): void => {
    reportError(error, err, { debug: options.debug, redact: (text) => runtime.redact(text) });
  };

  // At the prompt of a terminal, readline reads Ctrl-C as a key and emits this.
  rl.on('SIGINT', () => {
    if (inFlight !== undefined) {
      inFlight.abort();
      return;
    }
    if (armed) {
      rl.close();
      return;
    }
    armed = true;
    out.line();
    out.line(out.style('dim', '(To exit, press Ctrl-C again or Ctrl-D, or type /exit)'));
    // Clear what was typed, and show the prompt again.
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    rl.prompt();
  });
  // While an answer arrives the terminal is in cooked mode: Ctrl-C is a signal.
  const onSignal = (): void => {
    if (inFlight !== undefined) inFlight.abort();
    else rl.close();
  };
  process.on('SIGINT', onSignal);
  if (tty) {
    io.stdin.on('keypress', (_text: string, key: { ctrl?: boolean; name?: string } | undefined) => {
      if (!(key?.ctrl === true && key.name === 'c')) armed = false;
    });
  }

  const send = async (text: string): Promise<void> => {
    const controller = new AbortController();
    inFlight = controller;
    if (tty) {
      rl.pause();
      stdin.setRawMode?.(false);
    }
    const label = out.style(['bold', 'cyan'], `${modelId} › `);
    const spinner = err.spinner(modelId);
    let printed = false;
    try {
      const stream = await conversation.stream(text, { abortSignal: controller.signal });
      spinner.stop();
      if (tty) out.write(label);
      for await (const piece of stream.textStream) {
        out.write(piece);
        printed = true;
      }
      const result = await stream.final();
      out.line();
      session.turns++;
      session.usage = addUsage(session.usage, result.usage);
      const cost =
        result.cost ?? computeCost(result.usage, conversation.model.capabilities.pricing);
      if (cost === undefined) session.costKnown = false;
      else session.costUsd += cost.total;
    } catch (error) {
      spinner.stop();
      if (printed) out.line();
      if (isAbort(error) || controller.signal.aborted) {
        out.line(out.style('dim', '(cancelled)'));
      } else {
        report(error);
      }
    } finally {
      inFlight = undefined;
      if (tty) stdin.setRawMode?.(true);
    }
  };

  const describeStart = (resumed: number): string =>
    resumed === 0
      ? `New conversation ${conversation.id} on ${modelId}.`
      : `Resumed conversation ${conversation.id} (${String(resumed)} turn${resumed === 1 ? '' : 's'}) on ${modelId}.`;

  const slash = async (line: string): Promise<'exit' | undefined> => {
    const [word = '', ...rest] = line.slice(1).trim().split(/\s+/);
    const argument = rest.join(' ');
    switch (word) {
      case 'exit':
      case 'quit':
        return 'exit';
      case 'help':
        out.line(help);
        return undefined;
      case 'model': {
        if (argument === '') {
          const model = conversation.model;
          out.line(`${modelId} (${model.provider}:${model.modelId})`);
          return undefined;
        }
        try {
          conversation.model = runtime.chatModel(argument);
          modelId = argument;
          out.line(out.style('dim', `Now on ${argument}; the conversation goes on.`));
        } catch (error) {
          report(error);
        }
        return undefined;
      }
      case 'reset':
        conversation = new Conversation({
          ...options.conversation,
          id: undefined,
          model: conversation.model,
        });
        out.line(out.style('dim', describeStart(0)));
        return undefined;
      case 'usage': {
        const cost = session.costKnown
          ? formatUsd(session.costUsd)
          : `${formatUsd(session.costUsd)} (some answers had no prices)`;
        out.line(
          `${String(session.turns)} answer${session.turns === 1 ? '' : 's'} this session · ${formatTokens(session.usage)} tokens · ${cost}`,
        );
        return undefined;
      }
      case 'history': {
        const turns = await conversation.turns();
        if (turns.length === 0) out.line(out.style('dim', '(no messages yet)'));
        for (const turn of turns) {
          for (const message of turn.messages) {
            const who = message.role === 'user' ? 'you' : message.role;
            const note =
              turn.status === 'interrupted' && message.role === 'assistant' ? ' (interrupted)' : '';
            out.line(`${out.style('bold', `${who}${note}:`)} ${messageText(message)}`);
          }
        }
        return undefined;
      }
      default:
        out.line(`Unknown command /${word}: /help lists them.`);
        return undefined;
    }
  };

  try {
    const resumed = (await conversation.turns()).length;
    err.line(
      err.style(
        'dim',
        `${describeStart(resumed)} Saved in ${options.where}. /help lists the commands.`,
      ),
    );
    const lines = rl[Symbol.asyncIterator]();
    for (;;) {
      if (tty) rl.prompt();
      const next = await lines.next();
      if (next.done === true) break;
      const line = next.value.trim();
      armed = false;
      if (line === '') continue;
      if (line.startsWith('/')) {
        if ((await slash(line)) === 'exit') break;
        continue;
      }
      await send(line);
    }
  } finally {
    process.off('SIGINT', onSignal);
    rl.close();
  }
  if ((await conversation.turns()).length > 0) {
    err.line(err.style('dim', `Saved. Resume with: llm chat --conversation ${conversation.id}`));
  }
  return 0;
}
