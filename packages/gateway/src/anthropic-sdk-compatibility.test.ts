import Anthropic from '@anthropic-ai/sdk';
import { anthropic, fault, openai } from '@org/llm-testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  gatewaySecret,
  maskedKey,
  providerKeys,
  startGatewayHarness,
  type GatewayHarness,
} from './test-support/gateway-harness.ts';

// The official `@anthropic-ai/sdk` client, used as its users use it,
// against the gateway over the fake provider server. Where it matters, the
// same call against the fake server directly (which answers like
// api.anthropic.com) must give the client the same thing.

/** The error a call rejects with (the test fails if it resolves). */
async function rejectionOf(
  call: Promise<unknown>,
): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await call;
  } catch (error) {
    return error as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error('Expected the call to fail.');
}

let harness: GatewayHarness;
let client: Anthropic;
let direct: Anthropic;

beforeAll(async () => {
  harness = await startGatewayHarness();
  client = new Anthropic({ baseURL: harness.url, apiKey: gatewaySecret, maxRetries: 0 });
  direct = new Anthropic({
    baseURL: harness.fake.anthropicBaseURL,
    apiKey: 'direct',
    maxRetries: 0,
  });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.fake.reset();
  harness.calls.length = 0;
});

function essentials(message: Anthropic.Message) {
  return {
    type: message.type,
    role: message.role,
    content: message.content,
    stopReason: message.stop_reason,
    usage: {
      input: message.usage.input_tokens,
      output: message.usage.output_tokens,
      cacheRead: message.usage.cache_read_input_tokens,
      cacheWrite: message.usage.cache_creation_input_tokens,
    },
  };
}

describe('the @anthropic-ai/sdk client through the gateway', () => {
  it('gets a message as from the API, with the provider key used upstream only', async () => {
    const script = () =>
      anthropic.text('Hello from Claude.', {
        usage: { inputTokens: 20, outputTokens: 5, cacheReadInputTokens: 8 },
      });
    harness.fake.enqueue(script(), script());
    const request = {
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user' as const, content: 'Say hello.' }],
    };
    const viaGateway = await client.messages.create(request);
    const upstream = harness.fake.lastRequest;
    const viaApi = await direct.messages.create(request);

    expect(essentials(viaGateway)).toEqual(essentials(viaApi));
    expect(viaGateway.id).toMatch(/^msg_/);
    expect(Object.values(upstream.headers)).toContainEqual(
      expect.stringContaining(maskedKey(providerKeys.anthropic)),
    );
    expect(JSON.stringify(upstream)).not.toContain(gatewaySecret);
    expect(upstream.body).toMatchObject({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
    });
  });

  it('streams events the SDK assembles into the same final message', async () => {
    const script = () => anthropic.text('One two three.', { chunks: ['One', ' two', ' three.'] });
    harness.fake.enqueue(script(), script());
    const request = {
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user' as const, content: 'Count.' }],
    };
    const read = async (stream: ReturnType<Anthropic['messages']['stream']>) => {
      const texts: string[] = [];
      stream.on('text', (text: string) => texts.push(text));
      const message = await stream.finalMessage();
      return { texts, message: essentials(message) };
    };
    const viaGateway = await read(client.messages.stream(request));
    const viaApi = await read(direct.messages.stream(request));
    expect(viaGateway).toEqual(viaApi);
    expect(viaGateway.texts).toEqual(['One', ' two', ' three.']);
  });

  it('calls tools and sends their results back', async () => {
    harness.fake.enqueue(
      anthropic.toolUse([{ id: 'toolu_weather_1', name: 'get_weather', input: { city: 'Paris' } }]),
      anthropic.text('It is sunny in Paris.'),
    );
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        description: 'The weather in a city',
        input_schema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
      },
    ];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages,
      tools,
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use).toMatchObject({
      id: 'toolu_weather_1',
      name: 'get_weather',
      input: { city: 'Paris' },
    });

    messages.push(
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] },
    );
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages,
      tools,
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.' }]);
    expect((harness.fake.lastRequest.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_use',
            id: 'toolu_weather_1',
            name: 'get_weather',
            input: { city: 'Paris' },
          },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_weather_1', content: 'sunny' }],
      },
    ]);
  });

  it('streams tool calls the SDK assembles', async () => {
    harness.fake.enqueue(
      anthropic.toolUse([{ id: 'toolu_1', name: 'lookup', input: { q: 'gateway' } }]),
    );
    const final = await client.messages
      .stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Look it up.' }],
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      })
      .finalMessage();
    expect(final.content.find((block) => block.type === 'tool_use')).toMatchObject({
      id: 'toolu_1',
      name: 'lookup',
      input: { q: 'gateway' },
    });
    expect(final.stop_reason).toBe('tool_use');
  });

  it('reaches an OpenAI model on the Anthropic wire, streamed and not', async () => {
    harness.fake.enqueue(
      openai.text('Hi from GPT.', {
        usage: { promptTokens: 9, completionTokens: 3, cachedTokens: 4 },
      }),
      openai.toolCalls([{ id: 'call_7', name: 'lookup', arguments: { q: 'x' } }]),
    );
    const message = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi.' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hi from GPT.' }]);
    expect(message.stop_reason).toBe('end_turn');
    // Anthropic counts cache reads apart from input tokens.
    expect(message.usage).toMatchObject({
      input_tokens: 5,
      cache_read_input_tokens: 4,
      output_tokens: 3,
    });
    expect(harness.fake.lastRequest.path).toBe('/v1/chat/completions');

    const streamed = await client.messages
      .stream({
        model: 'gpt-4o-mini',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Look x up.' }],
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      })
      .finalMessage();
    expect(streamed.content).toEqual([
      { type: 'tool_use', id: 'call_7', name: 'lookup', input: { q: 'x' } },
    ]);
    expect(streamed.stop_reason).toBe('tool_use');
  });

  it('gets typed errors with the statuses and types of the API', async () => {
    const unknownModel = await rejectionOf(
      client.messages.create({
        model: 'claude-nonexistent',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(unknownModel).toBeInstanceOf(Anthropic.NotFoundError);
    expect(unknownModel.error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });

    const stranger = new Anthropic({ baseURL: harness.url, apiKey: 'gw-wrong', maxRetries: 0 });
    await expect(
      stranger.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);

    // max_tokens is required on this wire, as on the API.
    const missing = await rejectionOf(
      client.messages.create({
        model: 'claude-sonnet-4-6',
        messages: [{ role: 'user', content: 'Hi' }],
      } as never),
    );
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    expect(missing.message).toContain('max_tokens');

    harness.fake.enqueue(anthropic.overloaded());
    const overloaded = await rejectionOf(
      client.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(overloaded.status).toBe(529);
    expect(overloaded.error).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('raises the in-band error event of a stream that breaks after its first content', async () => {
    harness.fake.enqueue(anthropic.text('Partial answer that breaks', { fault: fault.cut(4) }));
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Go.' }],
    });
    const texts: string[] = [];
    stream.on('text', (text: string) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
    expect(texts.join('')).not.toBe('');
  });

  it('aborts the upstream call when the client aborts a stream', async () => {
    harness.fake.enqueue(
      anthropic.text('a b c d e f', { fault: fault.stall(600_000, { afterChunks: 4 }) }),
    );
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Slowly.' }],
    });
    const firstText = new Promise<void>((resolve) =>
      stream.once('text', () => {
        resolve();
      }),
    );
    await firstText;
    const upstreamSignal = harness.calls[0]!.abortSignal!;
    const upstreamAborted = new Promise<void>((resolve) => {
      upstreamSignal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    });
    stream.abort();
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    await upstreamAborted;
    expect(upstreamSignal.aborted).toBe(true);
  });
});
