// The fake server's OpenAI bodies against the official OpenAPI spec
// (peers/openai/openapi.yaml): every field the spec requires is present and
// well typed, for JSON answers, every stream chunk and error bodies.
import { join } from 'node:path';
import { peersDirStatus } from '@org/llm-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import type { FakeScript } from './fake-script.ts';
import { openai } from './openai-scripts.ts';
import { checkShape, loadSchemas } from './test-support/check-openapi-shape.ts';
import { openAIPayloads, postJson } from './test-support/wire-client.ts';

const peers = peersDirStatus();
if (!peers.found) {
  if (process.env.CI)
    throw new Error(`The OpenAPI conformance suite must run in CI, but ${peers.reason}.`);
  console.warn(`Skipping the OpenAI OpenAPI conformance suite: ${peers.reason}.`);
}

describe.skipIf(!peers.found)('OpenAI bodies conform to the official OpenAPI spec', () => {
  let server: FakeProviderServer;
  let schemas: ReturnType<typeof loadSchemas>;

  // CPU-bound, not timed: parsing the 3 MB YAML spec takes 2.3 s of CPU and
  // took 28 s with the machine at load 30, so the hook gets a budget that
  // only a hang exhausts.
  beforeAll(async () => {
    server = await createFakeProviderServer();
    schemas = loadSchemas(join(peers.found ? peers.dir : '', 'openai', 'openapi.yaml'));
  }, 120_000);
  afterAll(() => server.close());

  const check = (schemaName: string, value: unknown): string[] =>
    checkShape(schemas, schemas[schemaName]!, value);

  const scripts: [string, () => FakeScript][] = [
    ['text', () => openai.text('Hello world', { usage: { cachedTokens: 3, reasoningTokens: 1 } })],
    [
      'parallel tool calls after text',
      () =>
        openai.toolCalls(
          [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_time', arguments: {} },
          ],
          { text: 'Let me check.' },
        ),
    ],
    ['refusal', () => openai.refusal('I cannot help with that')],
    ['json object', () => openai.jsonObject({ ok: true })],
    ['content filter', () => openai.text('', { finishReason: 'content_filter' })],
  ];

  it.each(scripts)('JSON answer: %s', async (_name, script) => {
    server.enqueue(script());
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4o',
    });
    expect(check('CreateChatCompletionResponse', await response.json())).toEqual([]);
  });

  it.each(scripts)('stream with usage: %s', async (_name, script) => {
    server.enqueue(script());
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = openAIPayloads(await response.text()).slice(0, -1);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks)
      expect(check('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
  });

  it('error bodies match the error envelope', async () => {
    server.enqueue(
      openai.error(404, { message: 'No such model', code: 'model_not_found' }),
      openai.rateLimited(),
    );
    for (let index = 0; index < 2; index++) {
      const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
        model: 'gpt-4o',
      });
      expect(check('ErrorResponse', await response.json())).toEqual([]);
    }
  });

  it('the checker itself rejects a body missing a required field', async () => {
    server.enqueue(openai.text('Hello'));
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4o',
    });
    const body = (await response.json()) as { choices: Record<string, unknown>[] };
    delete body.choices[0]!.logprobs;
    body.choices[0]!.finish_reason = 'done';
    expect(check('CreateChatCompletionResponse', body)).toEqual([
      '$.choices[0]: missing required logprobs',
      expect.stringContaining('$.choices[0].finish_reason: "done" is not one of'),
    ]);
  });
});
