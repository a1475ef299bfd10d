// The official `openai` SDK talks to the fake server as to api.openai.com:
// it parses JSON answers, streams (tool-call deltas, usage chunk, refusal),
// error envelopes and headers, and fails on faults the way it fails for real.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { fault } from './fault.ts';
import { openai } from './openai-scripts.ts';

let server: FakeProviderServer;
let client: OpenAI;

beforeAll(async () => {
  server = await createFakeProviderServer();
  client = new OpenAI({
    baseURL: server.openaiBaseURL,
    apiKey: 'sk-test-key-for-the-fake-server',
    maxRetries: 0,
    timeout: 5_000,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const messages = [{ role: 'user' as const, content: 'Weather in Paris and Rome?' }];
const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

describe('the openai SDK against the fake server', () => {
  it('parses a non-streaming text answer, its usage and request id', async () => {
    server.enqueue(
      openai.text('Sunny.', {
        usage: { promptTokens: 30, completionTokens: 5, cachedTokens: 10, reasoningTokens: 2 },
      }),
    );
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]!.message.content).toBe('Sunny.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 30,
      completion_tokens: 5,
      total_tokens: 35,
      prompt_tokens_details: { cached_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    expect(completion._request_id).toBe('req_fake000001');
    expect(server.lastRequest.headers.authorization).toBe('Bearer ***rver');
  });

  it('parses non-streaming parallel tool calls', async () => {
    server.enqueue(
      openai.toolCalls([
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
      ]),
    );
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
    });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'call_b',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
  });

  it('streams text with the usage chunk', async () => {
    server.enqueue(openai.text('It is sunny in Paris.', { usage: { promptTokens: 9 } }));
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let lastChoices = -1;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
      lastChoices = chunk.choices.length;
    }
    expect(text).toBe('It is sunny in Paris.');
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 });
    expect(lastChoices).toBe(0);
  });

  it('assembles streamed parallel tool calls with its stream helper', async () => {
    server.enqueue(
      openai.toolCalls(
        [
          { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
        ],
        { text: 'Checking both.' },
      ),
    );
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages,
      tools,
      stream_options: { include_usage: true },
    });
    const done: string[] = [];
    stream.on('tool_calls.function.arguments.done', (event) =>
      done.push(`${event.name} ${event.arguments}`),
    );
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('Checking both.');
    expect(completion.choices[0]!.message.tool_calls).toMatchObject([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'call_b',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(done).toEqual(['get_weather {"city":"Paris"}', 'get_weather {"city":"Rome"}']);
  });

  it('assembles a streamed refusal', async () => {
    server.enqueue(openai.refusal('I cannot help with that.'));
    const completion = await client.chat.completions
      .stream({ model: 'gpt-4o-mini', messages })
      .finalChatCompletion();
    expect(completion.choices[0]!.message).toMatchObject({
      content: null,
      refusal: 'I cannot help with that.',
    });
  });

  it('maps error envelopes and headers to its error classes', async () => {
    server.enqueue(
      openai.error(404, { message: 'The model `gpt-9` does not exist', code: 'model_not_found' }),
      openai.rateLimited({ retryAfterSeconds: 3 }),
      openai.quotaExhausted(),
    );
    const notFound = await client.chat.completions
      .create({ model: 'gpt-9', messages })
      .catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound).toMatchObject({
      status: 404,
      code: 'model_not_found',
      type: 'invalid_request_error',
      requestID: 'req_fake000001',
    });
    const limited = await client.chat.completions
      .create({ model: 'm', messages })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as { headers: Headers }).headers.get('retry-after')).toBe('3');
    const quota = await client.chat.completions
      .create({ model: 'm', messages })
      .catch((error: unknown) => error);
    expect(quota).toMatchObject({
      status: 429,
      code: 'insufficient_quota',
      type: 'insufficient_quota',
    });
  });

  it('surfaces the loud 500 of an unscripted request', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain(
      'no script for request #1 POST /v1/chat/completions',
    );
  });

  it('throws an in-stream error object as an APIError', async () => {
    server.enqueue(
      openai.streamError(
        { message: 'The server had an error processing your request.' },
        { afterChunks: 2 },
      ),
    );
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('The server had an error processing your request.');
    expect(seen).toEqual(['', 'Partial']);
  });

  it('fails with a connection error on a reset and a parse error on a malformed line', async () => {
    server.enqueue(
      openai.text('x', { fault: fault.reset() }),
      openai.text('a b', { fault: fault.malformed(1) }),
    );
    await expect(client.chat.completions.create({ model: 'm', messages })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
    // The SDK logs the bad line before throwing; this test expects it, so the log is off.
    const quiet = new OpenAI({
      baseURL: server.openaiBaseURL,
      apiKey: 'sk-test',
      maxRetries: 0,
      logLevel: 'off',
    });
    const stream = await quiet.chat.completions.create({ model: 'm', messages, stream: true });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/malformed server-sent event JSON/);
  });
});
