// The official SDKs parse every recorded exchange replayed by the fake
// server: streams iterate to their end, JSON answers parse, and recorded
// errors become the SDK's APIError with the recorded status.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { peersDirStatus } from '@org/llm-test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { loadRecordedExchanges } from './load-recorded-exchanges.ts';
import { openai } from './openai-scripts.ts';
import type { RecordedExchange } from './recorded-exchange.ts';
import { fixtureFiles } from './test-support/fixture-files.ts';

const peers = peersDirStatus();
if (!peers.found) {
  if (process.env.CI) throw new Error(`The SDK replay suite must run in CI, but ${peers.reason}.`);
  console.warn(`Skipping the SDK replay suite: ${peers.reason}.`);
}
const files = peers.found ? fixtureFiles(peers.dir) : [];
const cases = files.flatMap((file) =>
  loadRecordedExchanges(file).map((exchange, index) => ({ file, index, exchange })),
);
// Only Chat Completions exchanges: one cassette (test_openai_model_thinking_part.yaml)
// also holds a Responses API call, which the chat SDK method cannot parse.
const openAICases = cases.filter(
  (item) =>
    item.file.startsWith('openai/') &&
    (item.exchange.request?.url.includes('/chat/completions') ?? true),
);
const anthropicCases = cases.filter((item) => item.file.startsWith('anthropic/'));

const isStream = (exchange: RecordedExchange) =>
  exchange.response.headers['content-type']!.includes('text/event-stream');

/**
 * The event types of a recorded Anthropic stream that an SSE client sees:
 * only events ended by a blank line count (the SSE spec drops an unterminated
 * last event, and two sdk-python recordings lost their final newline), and
 * the SDK skips pings.
 */
function recordedAnthropicEventTypes(body: string): string[] {
  const text = body.replace(/\r\n/g, '\n');
  const terminated = text.endsWith('\n\n') ? text : text.slice(0, text.lastIndexOf('\n\n') + 2);
  return [...terminated.matchAll(/^event: (\S+)$/gm)]
    .map((match) => match[1]!)
    .filter((type) => type !== 'ping');
}

/** Recorded text deltas of an OpenAI stream, read from the recording itself. */
function recordedOpenAIText(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data: {'))
    .map(
      (line) =>
        (
          JSON.parse(line.slice(6)) as {
            choices?: { index?: number; delta?: { content?: string | null } }[];
          }
        ).choices ?? [],
    )
    .map((choices) =>
      choices
        .filter((choice) => (choice.index ?? 0) === 0)
        .map((choice) => choice.delta?.content ?? '')
        .join(''),
    )
    .join('');
}

describe.skipIf(!peers.found)('official SDKs parse every replayed recording', () => {
  let server: FakeProviderServer;
  let openaiClient: OpenAI;
  let anthropicClient: Anthropic;
  beforeAll(async () => {
    server = await createFakeProviderServer();
    openaiClient = new OpenAI({
      baseURL: server.openaiBaseURL,
      apiKey: 'test',
      maxRetries: 0,
      timeout: 5_000,
    });
    anthropicClient = new Anthropic({
      baseURL: server.anthropicBaseURL,
      apiKey: 'test',
      maxRetries: 0,
      timeout: 5_000,
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
  });

  it.each(openAICases.map((item) => [`${item.file} #${String(item.index)}`, item] as const))(
    'openai SDK: %s',
    async (_name, { file, index, exchange }) => {
      server.enqueue(openai.fixture(file.slice('openai/'.length), { exchange: index }));
      const params = { model: 'recorded', messages: [{ role: 'user' as const, content: 'Hi' }] };
      if (exchange.response.status >= 400) {
        const error = await openaiClient.chat.completions
          .create(params)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.APIError);
        expect((error as { status: number }).status).toBe(exchange.response.status);
      } else if (isStream(exchange)) {
        const stream = await openaiClient.chat.completions.create({ ...params, stream: true });
        let text = '';
        let chunks = 0;
        for await (const chunk of stream) {
          chunks++;
          text += chunk.choices
            .filter((choice) => choice.index === 0)
            .map((choice) => choice.delta.content ?? '')
            .join('');
        }
        expect(chunks).toBeGreaterThan(0);
        expect(text).toBe(recordedOpenAIText(exchange.response.body));
      } else {
        const completion = await openaiClient.chat.completions.create(params);
        expect(completion.choices.length).toBeGreaterThan(0);
        expect(completion).toEqual(JSON.parse(exchange.response.body));
      }
    },
  );

  it.each(anthropicCases.map((item) => [`${item.file} #${String(item.index)}`, item] as const))(
    '@anthropic-ai/sdk: %s',
    async (_name, { file, index, exchange }) => {
      server.enqueue(anthropic.fixture(file.slice('anthropic/'.length), { exchange: index }));
      const params = {
        model: 'recorded',
        max_tokens: 1024,
        messages: [{ role: 'user' as const, content: 'Hi' }],
      };
      if (exchange.response.status >= 400) {
        const error = await anthropicClient.messages
          .create(params)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Anthropic.APIError);
        expect((error as { status: number }).status).toBe(exchange.response.status);
      } else if (isStream(exchange)) {
        const stream = await anthropicClient.messages.create({ ...params, stream: true });
        const types: string[] = [];
        for await (const event of stream) types.push(event.type);
        expect(types[0]).toBe('message_start');
        expect(types).toEqual(recordedAnthropicEventTypes(exchange.response.body));
      } else {
        const message = await anthropicClient.messages.create(params);
        expect(message).toEqual(JSON.parse(exchange.response.body));
      }
    },
  );
});
