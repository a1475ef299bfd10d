// The official `@anthropic-ai/sdk` talks to the fake server as to
// api.anthropic.com: it parses messages, accumulates streams (text, tool
// input JSON, thinking and signatures), maps error envelopes and in-band
// errors, and counts tokens.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { fault } from './fault.ts';

let server: FakeProviderServer;
let client: Anthropic;

beforeAll(async () => {
  server = await createFakeProviderServer();
  client = new Anthropic({
    baseURL: server.anthropicBaseURL,
    apiKey: 'sk-ant-test-key-for-the-fake-server',
    maxRetries: 0,
    timeout: 5_000,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const base = {
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
};
const tools = [
  {
    name: 'get_weather',
    input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
  },
];

describe('the @anthropic-ai/sdk against the fake server', () => {
  it('parses a message with usage and the request id', async () => {
    server.enqueue(
      anthropic.text('Sunny.', {
        usage: { inputTokens: 20, outputTokens: 3, cacheReadInputTokens: 5 },
      }),
    );
    const message = await client.messages.create(base);
    expect(message.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({
      input_tokens: 20,
      output_tokens: 3,
      cache_read_input_tokens: 5,
    });
    expect(message._request_id).toBe('req_fake000001');
    // SDK 1.x sends the key as a bearer token; earlier versions used x-api-key. Either way it is masked.
    const { authorization, 'x-api-key': apiKey } = server.lastRequest.headers;
    expect(apiKey ?? authorization).toMatch(/^(Bearer )?\*\*\*rver$/);
    expect(JSON.stringify(server.requests)).not.toContain('test-key-for');
    expect(server.lastRequest.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('accumulates a streamed text answer and parallel tool uses', async () => {
    server.enqueue(
      anthropic.toolUse(
        [
          { id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
          { id: 'toolu_b', name: 'get_weather', input: { city: 'Rome' } },
        ],
        { text: 'Checking both.', usage: { inputTokens: 30, outputTokens: 12 } },
      ),
    );
    const stream = client.messages.stream({ ...base, tools });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.join('')).toBe('Checking both.');
    expect(message.content).toMatchObject([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 30, output_tokens: 12 });
  });

  it('accumulates streamed thinking with its signature, and redacted thinking', async () => {
    server.enqueue(
      anthropic.thinking(
        { thinking: 'The user wants weather.', signature: 'EqQBCgIYAhIM' },
        { text: 'Sunny.' },
      ),
      anthropic.thinking({ redacted: 'EmwKAhgBEgy3va3pzix' }, { text: 'Done.' }),
    );
    const thinking = await client.messages.stream(base).finalMessage();
    expect(thinking.content).toMatchObject([
      { type: 'thinking', thinking: 'The user wants weather.', signature: 'EqQBCgIYAhIM' },
      { type: 'text', text: 'Sunny.' },
    ]);
    const redacted = await client.messages.stream(base).finalMessage();
    expect(redacted.content[0]).toEqual({ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' });
  });

  it('maps error envelopes and headers to its error classes', async () => {
    server.enqueue(
      anthropic.error(404, { message: 'model: claude-sonet-4-5' }),
      anthropic.rateLimited({ retryAfterSeconds: 12 }),
      anthropic.overloaded(),
    );
    const notFound = await client.messages.create(base).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect(notFound).toMatchObject({
      status: 404,
      type: 'not_found_error',
      requestID: 'req_fake000001',
    });
    const limited = await client.messages.create(base).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as { headers: Headers }).headers.get('retry-after')).toBe('12');
    const overloaded = await client.messages.create(base).catch((error: unknown) => error);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
  });

  it('throws an in-band overloaded_error from the stream', async () => {
    server.enqueue(anthropic.overloaded({ inBand: true }));
    const error = await client.messages
      .stream(base)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: undefined, type: 'overloaded_error' });
  });

  it('throws an in-band error after some text', async () => {
    server.enqueue(
      anthropic.streamError(
        { type: 'api_error', message: 'Internal server error' },
        { afterEvents: 4, text: 'Hello there' },
      ),
    );
    const stream = client.messages.stream(base);
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    await expect(stream.finalMessage()).rejects.toMatchObject({ type: 'api_error' });
    expect(deltas).toEqual(['Hello']);
  });

  it('counts tokens through /v1/messages/count_tokens', async () => {
    server.enqueue(anthropic.countTokens(57));
    expect(
      await client.messages.countTokens({ model: base.model, messages: base.messages }),
    ).toEqual({ input_tokens: 57 });
    expect(server.lastRequest.path).toBe('/v1/messages/count_tokens');
  });

  it('surfaces the loud 500 of an unscripted request', async () => {
    const error = await client.messages.create(base).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as Error).message).toContain('no script for request #1 POST /v1/messages');
  });

  it('fails on a cut stream and a connection reset', async () => {
    server.enqueue(
      anthropic.text('one two three', { fault: fault.cut(4) }),
      anthropic.text('x', { fault: fault.reset() }),
    );
    const cut = await client.messages
      .stream(base)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(cut).toBeInstanceOf(Error);
    await expect(client.messages.create(base)).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });
});
