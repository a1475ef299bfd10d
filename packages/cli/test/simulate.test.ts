// `llm simulate`, run as the built binary: a local provider speaking the
// OpenAI and Anthropic wires, scripted from packages/cli/examples/simulate.yaml
// (the file docs/guides/cli.md shows), called here with plain fetch as a
// program in any language would call it.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandbox, startCli, type CliProcess, type Sandbox } from './support/cli-process.ts';

const exampleScript = fileURLToPath(new URL('../examples/simulate.yaml', import.meta.url));
let box: Sandbox;

beforeAll(() => {
  box = sandbox();
  copyFileSync(exampleScript, join(box.dir, 'simulate.yaml'));
});
afterAll(() => {
  box[Symbol.dispose]();
});

interface Urls {
  readonly url: string;
  readonly openaiBaseURL: string;
  readonly anthropicBaseURL: string;
}

/** Starts `llm simulate --json` with `args` and reads the URLs it prints. */
async function simulate(args: readonly string[]): Promise<{ cli: CliProcess; urls: Urls }> {
  const cli = startCli(['simulate', '--json', ...args], { cwd: box.dir, env: box.env() });
  const line = await cli.stdout.next(/\{.*\}\n/);
  return { cli, urls: JSON.parse(line) as Urls };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-any', ...headers },
    body: JSON.stringify(body),
  });

const anthropicHeaders = { 'x-api-key': 'sk-any', 'anthropic-version': '2023-06-01' };

/** The `data:` payloads of an SSE body, parsed (`[DONE]` kept as the string). */
function events(body: string): unknown[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}

describe('llm simulate', () => {
  it('answers both wires from the script, in order, then echoes; SIGTERM stops it', async () => {
    const { cli, urls } = await simulate(['--script', 'simulate.yaml']);
    await using _cli = cli;
    expect(urls.openaiBaseURL).toBe(`${urls.url}/v1`);
    expect(urls.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ask = (content: string) => [{ role: 'user', content }];

    // Step 1: OpenAI, JSON.
    const first = await post(`${urls.openaiBaseURL}/chat/completions`, {
      model: 'gpt-6-luna',
      messages: ask('Hi'),
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Hello from the simulated OpenAI.' } }],
      usage: { prompt_tokens: 7, completion_tokens: 6 },
    });

    // Step 2: Anthropic, streamed.
    const second = await post(
      `${urls.anthropicBaseURL}/v1/messages`,
      { model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, messages: ask('Hi') },
      anthropicHeaders,
    );
    expect(second.headers.get('content-type')).toContain('text/event-stream');
    const claude = events(await second.text()) as { type: string; delta?: { text?: string } }[];
    expect(claude.map((event) => event.delta?.text ?? '').join('')).toBe(
      'Hello from the simulated Claude.',
    );
    expect(claude.at(-1)?.type).toBe('message_stop');

    // Step 3 (step 1 is used up): a tool call, streamed on the OpenAI wire.
    const third = await post(`${urls.openaiBaseURL}/chat/completions`, {
      model: 'gpt-6-luna',
      stream: true,
      messages: ask('Weather in Paris?'),
    });
    const chunks = events(await third.text());
    expect(chunks.at(-1)).toBe('[DONE]');
    const calls = (
      chunks.slice(0, -1) as {
        choices: {
          delta: { tool_calls?: { function?: { name?: string; arguments?: string } }[] };
        }[];
      }[]
    ).flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls.find((call) => call.function?.name !== undefined)?.function?.name).toBe(
      'get_weather',
    );
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({
      city: 'Paris',
    });

    // Step 4: an error, in the envelope of the wire it is asked on.
    const fourth = await post(
      `${urls.anthropicBaseURL}/v1/messages`,
      { model: 'claude-sonnet-5-5', max_tokens: 100, messages: ask('Hi') },
      anthropicHeaders,
    );
    expect(fourth.status).toBe(400);
    expect(await fourth.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'This prompt is refused on purpose.' },
    });

    // Step 5, twice: throttled, with Retry-After, on each wire.
    const fifth = await post(`${urls.openaiBaseURL}/chat/completions`, {
      model: 'gpt-6-luna',
      messages: ask('Hi'),
    });
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe('2');
    await fifth.body?.cancel();
    const sixth = await post(
      `${urls.anthropicBaseURL}/v1/messages`,
      { model: 'claude-sonnet-5-5', max_tokens: 100, messages: ask('Hi') },
      anthropicHeaders,
    );
    expect(sixth.status).toBe(429);
    expect(((await sixth.json()) as { error: { type: string } }).error.type).toBe(
      'rate_limit_error',
    );

    // The steps are used up: echo.
    const echo = await post(`${urls.openaiBaseURL}/chat/completions`, {
      model: 'gpt-6-luna',
      messages: ask('Ping'),
    });
    expect(
      ((await echo.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message
        .content,
    ).toBe('You said: Ping');

    cli.child.kill('SIGTERM');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.stderr.text.split('\n').filter((line) => line.includes(' → '))).toEqual([
      'openai gpt-6-luna → step 1 (text)',
      'anthropic claude-sonnet-5-5 → step 2 (text)',
      'openai gpt-6-luna → step 3 (toolCalls)',
      'anthropic claude-sonnet-5-5 → step 4 (error)',
      'openai gpt-6-luna → step 5 (rateLimited)',
      'anthropic claude-sonnet-5-5 → step 5 (rateLimited)',
      'openai gpt-6-luna → echo',
    ]);
  });

  it('answers HTTP 500 once the steps are used up with then: error, and prints plain URLs without --json', async () => {
    writeFileSync(join(box.dir, 'strict.yaml'), 'steps:\n  - text: Only once.\nthen: error\n');
    const cli = startCli(['simulate', '--script', 'strict.yaml', '--quiet'], {
      cwd: box.dir,
      env: box.env(),
    });
    await using _cli = cli;
    await cli.stdout.next(/OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1\n/);
    const base = /OPENAI_BASE_URL=(\S+)/.exec(cli.stdout.text)![1]!;
    await cli.stdout.next(/ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+\n/);
    const body = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
    expect((await post(`${base}/chat/completions`, body)).status).toBe(200);
    const refused = await post(`${base}/chat/completions`, body);
    expect(refused.status).toBe(500);
    await refused.body?.cancel();
    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    // --quiet: no line per request.
    expect(cli.stderr.text).not.toContain(' → ');
  });

  it('lists what is wrong with a script, and refuses a port that is not one', async () => {
    writeFileSync(
      join(box.dir, 'bad.yaml'),
      'steps:\n  - text: 5\n  - wire: grpc\n    text: hi\n  - text: ok\n    fault: { cut: -1 }\n',
    );
    const bad = await runCli(['simulate', '--script', 'bad.yaml'], {
      cwd: box.dir,
      env: box.env(),
    });
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error ConfigError: The simulation script bad.yaml is not valid:');
    expect(lines.slice(1).map((line) => line.split(':')[0])).toEqual([
      '  - steps.0.text',
      '  - steps.1.wire',
      '  - steps.2.fault.cut',
    ]);

    const port = await runCli(['simulate', '--port', 'http'], { cwd: box.dir, env: box.env() });
    expect(port.code).toBe(2);
    expect(port.stderr).toBe(
      'error CommandLineError: --port http: give a port number from 0 to 65535.\n',
    );
  });
});
