// `llm serve`, run as the built binary with packages/cli/examples/gateway.llm.config.yaml
// (the file docs/guides/cli.md shows), its providers pointed at the test
// kit's fake server through LLM__ overrides: health, routing by alias with
// the provider's key (never the client's), allow-lists, metrics, and a
// graceful stop on SIGTERM that lets an open stream finish.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  anthropic,
  createFakeProviderServer,
  openai,
  type FakeProviderServer,
} from '@org/llm-testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, sandbox, startCli, type CliProcess, type Sandbox } from './support/cli-process.ts';

const exampleConfig = fileURLToPath(
  new URL('../examples/gateway.llm.config.yaml', import.meta.url),
);
/** The keys of the example: one behind env:GATEWAY_KEY_SEARCH, one given by its SHA-256. */
const searchKey = 'gw-search-0123456789abcdef';
const supportKey = 'gw-support-0123456789abcdef';
const openaiKey = 'sk-test-openai-provider-oa42';
const anthropicKey = 'sk-ant-test-provider-an42';

let server: FakeProviderServer;
let box: Sandbox;

beforeAll(async () => {
  server = await createFakeProviderServer();
  box = sandbox();
  copyFileSync(exampleConfig, join(box.dir, 'llm.config.yaml'));
  mkdirSync(join(box.dir, 'no-config'));
});
afterAll(async () => {
  await server.close();
  box[Symbol.dispose]();
});
beforeEach(() => {
  server.reset();
});

/** Starts `llm serve --port 0` and reads the URL it prints. */
async function serve(): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(['serve', '--port', '0'], {
    cwd: box.dir,
    env: box.env({
      OPENAI_API_KEY: openaiKey,
      ANTHROPIC_API_KEY: anthropicKey,
      GATEWAY_KEY_SEARCH: searchKey,
      LLM__PROVIDERS__OPENAI__BASE_URL: server.openaiBaseURL,
      LLM__PROVIDERS__ANTHROPIC__BASE_URL: server.anthropicBaseURL,
    }),
  });
  const url = (await cli.stdout.next(/http:\/\/127\.0\.0\.1:\d+\n/)).trim();
  return { cli, url };
}

const complete = (url: string, key: string, body: Record<string, unknown>) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }], ...body }),
  });

describe('llm serve', () => {
  it('serves the configured aliases to the configured keys, with the providers’ keys', async () => {
    const { cli, url } = await serve();
    await using _cli = cli;
    await cli.stderr.next(
      `llm serve: gateway on ${url} serving fast, smart to 2 keys, state in this process.`,
    );
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // The search team's key may use `fast` only.
    const models = (await (
      await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${searchKey}` } })
    ).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['fast']);

    server.enqueue(openai.text('Hello from GPT, through the gateway.'));
    const fast = await complete(url, searchKey, { model: 'fast' });
    expect(fast.status).toBe(200);
    expect(await fast.json()).toMatchObject({
      model: 'gpt-6-luna',
      choices: [{ message: { content: 'Hello from GPT, through the gateway.' } }],
    });
    // The fake server records keys masked but for their last four characters.
    expect(server.lastRequest.headers.authorization).toBe(`Bearer ***${openaiKey.slice(-4)}`);
    expect(server.lastRequest.bodyAs('openai-chat').model).toBe('gpt-6-luna');

    const refused = await complete(url, searchKey, { model: 'smart' });
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
    expect(server.requests).toHaveLength(1);

    // The support app's key (configured by its digest) reaches Claude on the OpenAI wire.
    server.enqueue(anthropic.text('Hello from Claude, on the OpenAI wire.'));
    const smart = await complete(url, supportKey, { model: 'smart' });
    expect(smart.status).toBe(200);
    expect(await smart.json()).toMatchObject({
      choices: [{ message: { content: 'Hello from Claude, on the OpenAI wire.' } }],
    });
    expect(server.lastRequest.endpoint).toBe('anthropic-messages');
    expect(server.lastRequest.headers.authorization).toBe(`Bearer ***${anthropicKey.slice(-4)}`);

    const stranger = await complete(url, 'gw-not-a-key', { model: 'fast' });
    expect(stranger.status).toBe(401);
    await stranger.body?.cancel();

    // metrics.enabled: the calls are counted where /metrics reads them.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^llm_requests_total\{.*model="gpt-6-luna".*\} 1$/m);
    // Neither the clients' keys nor the providers' appear anywhere in what it printed.
    for (const key of [searchKey, supportKey, openaiKey, anthropicKey]) {
      expect(cli.stdout.text + cli.stderr.text).not.toContain(key);
    }
  });

  it('drains on SIGTERM: not ready any more, the open stream finishes, then it exits 0', async () => {
    const { cli, url } = await serve();
    await using _cli = cli;
    server.enqueue(
      openai.text('This answer is still streaming when the signal arrives, and it finishes.', {
        paceMs: 50,
      }),
    );
    const streamed = await complete(url, searchKey, { model: 'fast', stream: true });
    expect(streamed.status).toBe(200);
    const reader = streamed.body!.pipeThrough(new TextDecoderStream()).getReader();
    let body = (await reader.read()).value ?? '';

    cli.child.kill('SIGTERM');
    await cli.stderr.next('SIGTERM: draining');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      body += value;
    }
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const text = body
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map(
        (line) =>
          (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]
            ?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe('This answer is still streaming when the signal arrives, and it finishes.');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.stderr.text).toContain('Stopped.');
  });

  it('refuses to start without gateway keys, on one line', async () => {
    const result = await runCli(['serve'], {
      cwd: join(box.dir, 'no-config'),
      env: box.env({ OPENAI_API_KEY: openaiKey, OPENAI_BASE_URL: server.openaiBaseURL }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error ConfigError: llm serve needs gateway keys: .+\n$/);
  });
});
