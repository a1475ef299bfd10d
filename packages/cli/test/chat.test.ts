// `llm chat`, run as the built binary: interactively on a pseudo-terminal
// (typed lines, /model, /usage, /history, Ctrl-C on an answer in flight) and
// with piped input, saved in a SQLite file under a temporary LLM_DATA_DIR
// and resumed by a second process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  anthropic,
  createFakeProviderServer,
  fault,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { systemBinary } from '@org/llm-test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  runCli,
  sandbox,
  startInTerminal,
  type Sandbox,
  type TerminalProcess,
} from './support/cli-process.ts';

let server: FakeProviderServer;
let box: Sandbox;

beforeAll(async () => {
  server = await createFakeProviderServer();
  box = sandbox();
});
afterAll(async () => {
  await server.close();
  box[Symbol.dispose]();
});
beforeEach(() => {
  server.reset();
});

/** Keys and base URLs of both providers, pointed at the fake server. */
const env = (): Record<string, string> =>
  box.env({
    OPENAI_API_KEY: 'sk-test-openai-0123456789',
    OPENAI_BASE_URL: server.openaiBaseURL,
    ANTHROPIC_API_KEY: 'sk-ant-test-0123456789',
    ANTHROPIC_BASE_URL: server.anthropicBaseURL,
  });

/** The texts of the messages a request sent, on either wire, in order. */
function sentTexts(index = server.requests.length - 1): string[] {
  const request = server.requests[index]!;
  const messages = (request.body as { messages: { role: string; content: unknown }[] }).messages;
  return messages
    .filter((message) => message.role !== 'system')
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : (message.content as { type: string; text?: string }[])
            .map((part) => part.text ?? '')
            .join(''),
    );
}

/** The id a session announced (`New conversation <id>` / `Resumed conversation <id>`). */
const conversationId =
  /conversation ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

const script = systemBinary('script', 'bsdutils');

describe.skipIf(!script.found)('llm chat on a terminal', () => {
  if (!script.found) console.log(`Skipping the terminal tests of llm chat: ${script.reason}.`);

  /** Types a line at the prompt once the prompt is shown. */
  async function say(terminal: TerminalProcess, line: string): Promise<void> {
    await terminal.screen.next('you › ');
    terminal.type(`${line}\r`);
  }

  it('streams answers, switches to Claude with the history, cancels one answer at Ctrl-C and goes on; a second process resumes it', async () => {
    await using terminal = startInTerminal(['chat'], { cwd: box.dir, env: env() });
    const id = (await terminal.screen.next(conversationId)).split(' ')[1]!;

    server.enqueue(
      openai.text('Hello Ada, noted.', { usage: { promptTokens: 10, completionTokens: 4 } }),
    );
    await say(terminal, 'My name is Ada.');
    await terminal.screen.next('default › Hello Ada, noted.');

    await say(terminal, '/model anthropic:claude-sonnet-5-5');
    await terminal.screen.next('Now on anthropic:claude-sonnet-5-5; the conversation goes on.');
    server.enqueue(
      anthropic.text('Your name is Ada.', { usage: { inputTokens: 30, outputTokens: 5 } }),
    );
    await say(terminal, 'What is my name?');
    await terminal.screen.next('anthropic:claude-sonnet-5-5 › Your name is Ada.');
    expect(server.lastRequest.endpoint).toBe('anthropic-messages');
    expect(sentTexts()).toEqual(['My name is Ada.', 'Hello Ada, noted.', 'What is my name?']);

    // An answer that stops coming after its first words: Ctrl-C cancels it, not the session.
    server.enqueue(
      anthropic.text('Once upon a time there was a story that never ends.', {
        fault: fault.stall(120_000, { afterChunks: 6 }),
      }),
    );
    await say(terminal, 'Tell me a story.');
    await terminal.screen.next('Once upon');
    terminal.type('\u0003');
    await terminal.screen.next('(cancelled)');
    expect(terminal.screen.text).not.toContain('never ends');

    server.enqueue(anthropic.text('Still here.', { usage: { inputTokens: 40, outputTokens: 2 } }));
    await say(terminal, 'Are you there?');
    await terminal.screen.next('Still here.');
    // The cut turn is kept for people, never sent to a model again.
    expect(sentTexts()).toEqual([
      'My name is Ada.',
      'Hello Ada, noted.',
      'What is my name?',
      'Your name is Ada.',
      'Are you there?',
    ]);

    await say(terminal, '/usage');
    await terminal.screen.next(/3 answers this session · 80 in, 11 out tokens · \$[0-9.]+/);

    await say(terminal, '/history');
    for (const line of [
      'you: My name is Ada.',
      'assistant: Hello Ada, noted.',
      'you: What is my name?',
      'assistant: Your name is Ada.',
      'you: Tell me a story.',
      'assistant (interrupted): Once upon',
      'you: Are you there?',
      'assistant: Still here.',
    ]) {
      await terminal.screen.next(line);
    }

    await say(terminal, '/exit');
    await terminal.screen.next(`Resume with: llm chat --conversation ${id}`);
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(join(box.dir, 'data', 'conversations.sqlite'))).toBe(true);

    // Another process, the same SQLite file: the conversation goes on where it was.
    server.enqueue(openai.text('You are Ada, and I am still here.'));
    const resumed = await runCli(['chat', '--conversation', id], {
      cwd: box.dir,
      env: env(),
      input: 'Who am I?\n',
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resumed conversation ${id} (4 turns) on default.`);
    expect(resumed.stdout).toBe('You are Ada, and I am still here.\n');
    expect(server.lastRequest.endpoint).toBe('openai-chat');
    expect(sentTexts()).toEqual([
      'My name is Ada.',
      'Hello Ada, noted.',
      'What is my name?',
      'Your name is Ada.',
      'Are you there?',
      'Still here.',
      'Who am I?',
    ]);
  });

  it('cancels an answer that has not started yet, and leaves at Ctrl-C twice at the prompt', async () => {
    await using terminal = startInTerminal(['chat'], { cwd: box.dir, env: env() });
    // No byte of the answer for two minutes: the spinner is what shows.
    server.enqueue(openai.text('Too late.', { fault: fault.slowFirstByte(120_000) }));
    await say(terminal, 'Anyone?');
    await terminal.screen.next('⠋');
    terminal.type('\u0003');
    await terminal.screen.next('(cancelled)');

    await terminal.screen.next('you › ');
    terminal.type('\u0003');
    await terminal.screen.next('(To exit, press Ctrl-C again or Ctrl-D, or type /exit)');
    await terminal.screen.next('you › ');
    terminal.type('\u0003');
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
    // Nothing was answered: nothing to resume.
    expect(terminal.screen.text).not.toContain('Resume with');
  });

  it('leaves at Ctrl-D', async () => {
    await using terminal = startInTerminal(['chat'], { cwd: box.dir, env: env() });
    await terminal.screen.next('you › ');
    terminal.type('\u0004');
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
  });
});

describe('llm chat with piped input', () => {
  it('answers each line, and /reset starts a new conversation that --list shows beside the first', async () => {
    server.enqueue(openai.text('One.'), openai.text('Two.'));
    const result = await runCli(['chat'], {
      cwd: box.dir,
      env: env(),
      input: 'First question\n/reset\nSecond question\n',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^One\.\nNew conversation [0-9a-f-]{36} on default\.\nTwo\.\n$/);
    const first = conversationId.exec(result.stderr)![1]!;
    const second = conversationId.exec(result.stdout)![1]!;
    expect(second).not.toBe(first);
    expect(sentTexts(0)).toEqual(['First question']);
    expect(sentTexts(1)).toEqual(['Second question']);
    expect(result.stderr).toContain(`Resume with: llm chat --conversation ${second}`);

    const list = await runCli(['chat', '--list'], { cwd: box.dir, env: env() });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${first}  `);
    expect(list.stdout).toContain(`${second}  `);
  });

  it('sends --system with every turn and keeps it on resume', async () => {
    server.enqueue(openai.text('Ahoy.'), openai.text('Arr.'));
    const first = await runCli(['chat', '--system', 'Talk like a pirate.'], {
      cwd: box.dir,
      env: env(),
      input: 'Hello\n',
    });
    expect(first.code, first.stderr).toBe(0);
    const body = server.lastRequest.bodyAs('openai-chat');
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Talk like a pirate.' });
    const id = conversationId.exec(first.stderr)![1]!;
    const second = await runCli(['chat', '--conversation', id, '--system', 'Talk like a pirate.'], {
      cwd: box.dir,
      env: env(),
      input: 'Again\n',
    });
    expect(second.code, second.stderr).toBe(0);
    expect(server.lastRequest.bodyAs('openai-chat').messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });

  it('reports a failed answer on one line and goes on; an unknown /model is refused', async () => {
    server.enqueue(
      openai.error(400, { message: 'This request is malformed.', type: 'invalid_request_error' }),
      openai.text('Recovered.'),
    );
    const result = await runCli(['chat'], {
      cwd: box.dir,
      env: env(),
      input: 'Break\n/model nope\nAgain\n/model\n',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^error InvalidRequestError \(openai:gpt-6-luna, HTTP 400\): .*This request is malformed\..*$/m,
    );
    expect(result.stderr).toMatch(/^error NotFoundError: Unknown model 'nope'.*$/m);
    expect(result.stdout).toBe('Recovered.\ndefault (openai:gpt-6-luna)\n');
    // The failed turn was not stored: only the second question went with its answer.
    expect(sentTexts()).toEqual(['Again']);
  });

  it('refuses a conversation id it does not have, on one line', async () => {
    const result = await runCli(['chat', '--conversation', 'no-such-id'], {
      cwd: box.dir,
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error ConfigError: No conversation no-such-id in .+conversations\.sqlite: `llm chat --list` lists the saved ones\.\n$/,
    );
  });
});
