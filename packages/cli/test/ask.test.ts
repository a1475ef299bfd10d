// `llm ask`, run as the built binary against the test kit's fake provider
// server on 127.0.0.1: the answer streams, the question comes from the
// arguments or a pipe, --json and --schema print what they promise, and a
// failure is one line on standard error, exit code 1, with no key in it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeCost, createUsage } from '@org/llm-core';
import { findOpenAIModel } from '@org/llm-openai-compat';
import {
  anthropic,
  createFakeProviderServer,
  fault,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { systemBinary } from '@org/llm-test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, sandbox, startCli, startInTerminal, type Sandbox } from './support/cli-process.ts';

const openaiKey = 'sk-test-openai-0123456789';
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

/** A person with only an OpenAI key, pointed at the fake server. */
const openaiEnv = (): Record<string, string> =>
  box.env({ OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: server.openaiBaseURL });

/** The text of the last user message the fake server received. */
function lastUserText(): unknown {
  const body = server.lastRequest.bodyAs('openai-chat');
  return body.messages.at(-1)?.content;
}

describe('llm ask', () => {
  it('prints the answer as it arrives, before the stream ends, and Ctrl-C stops it', async () => {
    server.enqueue(
      openai.text('The first words arrive before the rest of the answer.', {
        // Role chunk and four words, then nothing for two minutes.
        fault: fault.stall(120_000, { afterChunks: 5 }),
      }),
    );
    await using cli = startCli(['ask', 'Stream something'], { cwd: box.dir, env: openaiEnv() });
    cli.end();
    await cli.stdout.next('The first words arrive');
    expect(cli.stdout.text).not.toContain('rest of the answer');
    expect(server.lastRequest.bodyAs('openai-chat').stream).toBe(true);

    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 130, signal: null });
    expect(cli.stderr.text).toBe('Cancelled.\n');
  });

  it('prints exactly the answer on a pipe: no spinner, no control characters', async () => {
    server.enqueue(openai.text('Retry-After says how long to wait.'));
    const result = await runCli(['ask', 'What is Retry-After?'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(result).toEqual({
      code: 0,
      signal: null,
      stdout: 'Retry-After says how long to wait.\n',
      stderr: '',
    });
    expect(lastUserText()).toBe('What is Retry-After?');
  });

  it('reads the question from standard input when it is piped, after the arguments', async () => {
    server.enqueue(openai.text('Read it.'), openai.text('Reviewed.'));
    const piped = await runCli(['ask'], {
      cwd: box.dir,
      env: openaiEnv(),
      input: 'What is in the pipe?\n',
    });
    expect(piped.code, piped.stderr).toBe(0);
    expect(lastUserText()).toBe('What is in the pipe?');

    const both = await runCli(['ask', 'Review this change.'], {
      cwd: box.dir,
      env: openaiEnv(),
      input: '- old line\n+ new line\n',
    });
    expect(both.stdout).toBe('Reviewed.\n');
    expect(lastUserText()).toBe('Review this change.\n\n- old line\n+ new line');
  });

  it('prints one JSON document with --json: text, finish reason, usage and cost', async () => {
    server.enqueue(openai.text('Forty-two.', { usage: { promptTokens: 12, completionTokens: 5 } }));
    const result = await runCli(['ask', '--json', 'The answer?'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const usage = { inputTokens: 12, outputTokens: 5 };
    const expected = computeCost(
      createUsage(usage),
      findOpenAIModel('gpt-6-luna')!.capabilities.pricing,
    )!;
    expect(JSON.parse(result.stdout)).toEqual({
      model: 'default',
      text: 'Forty-two.',
      finishReason: 'stop',
      usage: expect.objectContaining(usage),
      costUsd: expected.total,
    });
    expect(expected.total).toBeGreaterThan(0);
    // One JSON document: the answer is not streamed.
    expect(server.lastRequest.bodyAs('openai-chat').stream).not.toBe(true);
  });

  it('sends --system, and --verbose prints the model, tokens and cost on standard error', async () => {
    server.enqueue(openai.text('Terse.', { usage: { promptTokens: 20, completionTokens: 2 } }));
    const result = await runCli(['ask', '--system', 'Be terse.', '--verbose', 'Hello'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Terse.\n');
    expect(server.lastRequest.bodyAs('openai-chat').messages[0]).toEqual({
      role: 'system',
      content: 'Be terse.',
    });
    const cost = computeCost(
      createUsage({ inputTokens: 20, outputTokens: 2 }),
      findOpenAIModel('gpt-6-luna')!.capabilities.pricing,
    )!;
    expect(result.stderr).toMatch(
      /^default \(openai:gpt-6-luna\) · 20 in, 2 out tokens · \$[0-9.]+ · \d+\.\d s\n$/,
    );
    expect(Number(/\$([0-9.]+)/.exec(result.stderr)![1])).toBeCloseTo(cost.total, 8);
  });

  it('answers on Claude with --model, the key and base URL from ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', async () => {
    server.enqueue(anthropic.text('Claude here.'));
    const result = await runCli(['ask', '--model', 'anthropic:claude-sonnet-5-5', 'Who is this?'], {
      cwd: box.dir,
      env: box.env({
        OPENAI_API_KEY: openaiKey,
        OPENAI_BASE_URL: server.openaiBaseURL,
        ANTHROPIC_API_KEY: 'sk-ant-test-0123456789',
        ANTHROPIC_BASE_URL: server.anthropicBaseURL,
      }),
    });
    expect(result).toMatchObject({ code: 0, stdout: 'Claude here.\n', stderr: '' });
    expect(server.lastRequest.endpoint).toBe('anthropic-messages');
    expect(server.lastRequest.bodyAs('anthropic-messages').model).toBe('claude-sonnet-5-5');
  });

  it('answers with an object that satisfies --schema, pretty-printed, or inside --json', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    };
    writeFileSync(join(box.dir, 'person.schema.json'), JSON.stringify(schema));
    const person = { name: 'Ada Lovelace', born: 1815 };
    server.enqueue(openai.jsonObject(person), openai.jsonObject(person));

    const plain = await runCli(['ask', '--schema', 'person.schema.json', 'Ada, born 1815'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(plain).toMatchObject({ code: 0, stdout: `${JSON.stringify(person, null, 2)}\n` });
    expect(server.lastRequest.bodyAs('openai-chat').response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { schema: { properties: schema.properties, required: schema.required } },
    });

    const json = await runCli(['ask', '--json', '--schema', 'person.schema.json', 'Ada'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ model: 'default', object: person });
  });

  it('says which --schema file is wrong, on one line, exit code 1', async () => {
    writeFileSync(join(box.dir, 'broken.json'), '{ "type": ');
    const broken = await runCli(['ask', '--schema', 'broken.json', 'Hi'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(broken.code, broken.stderr).toBe(1);
    expect(broken.stderr).toMatch(
      /^error ConfigError: --schema broken\.json is not valid JSON: .+\n$/,
    );

    const missing = await runCli(['ask', '--schema', 'nowhere.json', 'Hi'], {
      cwd: box.dir,
      env: openaiEnv(),
    });
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stderr).toMatch(
      /^error ConfigError: --schema nowhere\.json: the file cannot be read \(.+\)\.\n$/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('fails with one typed line, exit code 1, and never prints the key the server echoed', async () => {
    const planted = `sk-planted-${crypto.randomUUID().replaceAll('-', '')}`;
    const env = box.env({ OPENAI_API_KEY: planted, OPENAI_BASE_URL: server.openaiBaseURL });
    for (const extra of [[], ['--debug'], ['--json']]) {
      server.enqueue(
        openai.error(401, {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          fault: fault.echoKey(),
        }),
      );
      const result = await runCli(['ask', ...extra, 'Hi'], { cwd: box.dir, env });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^error AuthenticationError \(openai:gpt-6-luna, HTTP 401\): .+ Check the provider's apiKey/,
      );
      // Only --debug adds lines (the stack).
      if (extra[0] !== '--debug') expect(lines).toHaveLength(1);
      else expect(lines.length).toBeGreaterThan(1);
      expect(result.stderr).not.toContain(planted);
      expect(result.stderr).not.toContain(planted.slice(-16));
    }
    expect(server.requests).toHaveLength(3);
  });

  it('exits with 2 and says how to ask when there is no question, and with 1 when nothing is configured', async () => {
    const empty = await runCli(['ask'], { cwd: box.dir, env: openaiEnv() });
    expect(empty.code, empty.stderr).toBe(2);
    expect(empty.stderr).toMatch(/^error CommandLineError: No question: .+\n$/);

    const unconfigured = await runCli(['ask', 'Hi'], { cwd: box.dir, env: box.env() });
    expect(unconfigured.code, unconfigured.stderr).toBe(1);
    expect(unconfigured.stderr).toMatch(
      /^error ConfigError: No configuration: .+ set OPENAI_API_KEY or ANTHROPIC_API_KEY\. .+llm simulate.+\n$/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

const script = systemBinary('script', 'bsdutils');

describe.skipIf(!script.found)('llm ask on a terminal', () => {
  if (!script.found) console.log(`Skipping the terminal tests of llm ask: ${script.reason}.`);

  it('shows a spinner until the first token, then the answer', async () => {
    server.enqueue(openai.text('Shown after the spinner.'));
    await using terminal = startInTerminal(['ask', 'Spin'], { cwd: box.dir, env: openaiEnv() });
    await terminal.screen.next('Shown after the spinner.');
    expect(await terminal.exit).toEqual({ code: 0, signal: null });
    const raw = terminal.screen.raw;
    // A spinner frame with the model's name, then the line erased before the answer.
    expect(raw).toMatch(/⠋.*default/);
    expect(raw.indexOf('\r\u001B[2K')).toBeLessThan(raw.indexOf('Shown after'));
  });

  it('stops at Ctrl-C in the middle of the answer, keeping what arrived', async () => {
    server.enqueue(
      openai.text('Half of this answer arrives, the other half never.', {
        fault: fault.stall(120_000, { afterChunks: 4 }),
      }),
    );
    await using terminal = startInTerminal(['ask', 'Go'], { cwd: box.dir, env: openaiEnv() });
    await terminal.screen.next('Half of this');
    terminal.type('\u0003');
    await terminal.screen.next('Cancelled.');
    expect(await terminal.exit).toEqual({ code: 130, signal: null });
    expect(terminal.screen.text).not.toContain('never');
  });
});
