import { fault, openai, anthropic } from '@org/llm-testkit';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  gatewaySecret,
  maskedKey,
  providerKeys,
  startGatewayHarness,
  type GatewayHarness,
} from './test-support/gateway-harness.ts';

// The official `openai` client, used as its users use it, against the
// gateway, whose upstream is the fake provider server through this repo's
// adapters. Where it matters, the same call against the fake server directly
// (which answers like api.openai.com) must give the client the same thing.

/** The error a call rejects with (the test fails if it resolves). */
async function rejectionOf(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('Expected the call to fail.');
}

let harness: GatewayHarness;
let client: OpenAI;
let direct: OpenAI;

beforeAll(async () => {
  harness = await startGatewayHarness();
  client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: gatewaySecret, maxRetries: 0 });
  direct = new OpenAI({ baseURL: harness.fake.openaiBaseURL, apiKey: 'direct', maxRetries: 0 });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.fake.reset();
  harness.calls.length = 0;
});

function essentials(completion: OpenAI.Chat.Completions.ChatCompletion) {
  const choice = completion.choices[0]!;
  return {
    object: completion.object,
    content: choice.message.content,
    toolCalls: choice.message.tool_calls,
    finishReason: choice.finish_reason,
    usage: {
      prompt: completion.usage?.prompt_tokens,
      completion: completion.usage?.completion_tokens,
      total: completion.usage?.total_tokens,
    },
  };
}

describe('the openai SDK through the gateway', () => {
  it('gets a plain completion as from the API, with the provider key used upstream only', async () => {
    harness.fake.enqueue(
      openai.text('Hello from the fake server.'),
      openai.text('Hello from the fake server.'),
    );
    const request = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'Say hello.' },
      ],
    };
    const viaGateway = await client.chat.completions.create(request);
    const upstream = harness.fake.lastRequest;
    const viaApi = await direct.chat.completions.create(request);

    expect(essentials(viaGateway)).toEqual(essentials(viaApi));
    expect(viaGateway.id).toMatch(/^chatcmpl-/);
    expect(upstream.headers.authorization).toBe(`Bearer ${maskedKey(providerKeys.openai)}`);
    expect(JSON.stringify(upstream)).not.toContain(gatewaySecret);
    expect(upstream.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
      ],
    });
  });

  it('streams chunks with a usage chunk last when include_usage is set', async () => {
    const script = () =>
      openai.text('One two three four.', { chunks: ['One', ' two', ' three', ' four.'] });
    harness.fake.enqueue(script(), script());
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'Count.' }],
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const read = async (stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) => {
      const deltas: string[] = [];
      const finish: (string | null)[] = [];
      let usage: OpenAI.Completions.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          if (choice.delta.content) deltas.push(choice.delta.content);
          if (choice.finish_reason !== null) finish.push(choice.finish_reason);
        }
        if (chunk.usage) usage = chunk.usage;
        expect(chunk.object).toBe('chat.completion.chunk');
      }
      return {
        deltas,
        finish,
        usage: { prompt: usage?.prompt_tokens, completion: usage?.completion_tokens },
      };
    };
    const viaGateway = await read(await client.chat.completions.create(request));
    const viaApi = await read(await direct.chat.completions.create(request));
    expect(viaGateway).toEqual(viaApi);
    expect(viaGateway.deltas.join('')).toBe('One two three four.');
  });

  it('calls tools and sends their results back', async () => {
    harness.fake.enqueue(
      openai.toolCalls([
        { id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } },
      ]),
      openai.text('It is sunny in Paris.'),
    );
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      },
    ];
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Paris?' },
    ];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ id: 'call_weather_1', type: 'function' });
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      city: 'Paris',
    });
    expect(harness.fake.lastRequest.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });

    messages.push(first.choices[0]!.message, {
      role: 'tool',
      tool_call_id: call.id,
      content: '{"sky":"sunny"}',
    });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(second.choices[0]!.message.content).toBe('It is sunny in Paris.');
    expect((harness.fake.lastRequest.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [expect.objectContaining({ id: 'call_weather_1' })],
      }),
      { role: 'tool', tool_call_id: 'call_weather_1', content: '{"sky":"sunny"}' },
    ]);
  });

  it('streams tool calls the SDK assembles', async () => {
    harness.fake.enqueue(
      openai.toolCalls([{ id: 'call_1', name: 'lookup', arguments: { q: 'gateway' } }]),
    );
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Look it up.' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function).toEqual({
      name: 'lookup',
      arguments: '{"q":"gateway"}',
    });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('parses structured output with a JSON Schema response_format', async () => {
    const Weather = z.object({ city: z.string(), celsius: z.number() });
    harness.fake.enqueue(openai.jsonObject({ city: 'Oslo', celsius: -3 }));
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Oslo as JSON.' }],
      response_format: zodResponseFormat(Weather, 'weather'),
    });
    expect(completion.choices[0]!.message.parsed).toEqual({ city: 'Oslo', celsius: -3 });
    expect(harness.fake.lastRequest.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'weather', strict: true } },
    });
  });

  it('reaches Claude on the OpenAI wire', async () => {
    harness.fake.enqueue(
      anthropic.text('Bonjour from Claude.', { usage: { inputTokens: 12, outputTokens: 4 } }),
    );
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-6',
      max_completion_tokens: 100,
      messages: [{ role: 'user', content: 'Greet me in French.' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Bonjour from Claude.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 4,
      total_tokens: 16,
    });
    expect(harness.fake.lastRequest.path).toBe('/v1/messages');
    expect(Object.values(harness.fake.lastRequest.headers)).toContainEqual(
      expect.stringContaining(maskedKey(providerKeys.anthropic)),
    );
  });

  it('gets typed errors with the statuses and codes of the API', async () => {
    await expect(
      client.chat.completions.create({
        model: 'gpt-5-nonexistent',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).rejects.toMatchObject({
      constructor: OpenAI.NotFoundError,
      status: 404,
      code: 'model_not_found',
    });

    const stranger = new OpenAI({
      baseURL: `${harness.url}/v1`,
      apiKey: 'gw-wrong',
      maxRetries: 0,
    });
    await expect(
      stranger.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).rejects.toMatchObject({
      constructor: OpenAI.AuthenticationError,
      status: 401,
      code: 'invalid_api_key',
    });

    await expect(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 7,
      }),
    ).rejects.toMatchObject({
      constructor: OpenAI.BadRequestError,
      status: 400,
      param: 'temperature',
    });

    harness.fake.enqueue(
      openai.error(400, {
        message: "Invalid value for 'max_tokens': too large.",
        param: 'max_tokens',
      }),
    );
    const upstream = await rejectionOf(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(upstream).toBeInstanceOf(OpenAI.BadRequestError);
    expect((upstream as Error).message).toContain('too large');
    expect(harness.calls).toHaveLength(1);
  });

  it('never shows the provider key, even when the provider echoes it', async () => {
    harness.fake.enqueue(
      openai.error(401, {
        message: `Incorrect API key provided: ${providerKeys.openai}. You can find your API key at https://platform.openai.com.`,
        code: 'invalid_api_key',
      }),
    );
    const error = await rejectionOf(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(
      JSON.stringify({ message: error.message, error: error.error, headers: [...error.headers!] }),
    ).not.toMatch(/providerSecret/);
  });

  it('raises an error that breaks a stream after its first content', async () => {
    harness.fake.enqueue(openai.text('Partial answer that breaks', { fault: fault.cut(3) }));
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Go.' }],
      stream: true,
    });
    const seen: string[] = [];
    const outcome = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(OpenAI.APIError);
    expect(seen.join('')).not.toBe('');
  });

  it('aborts the upstream call when the client aborts a stream', async () => {
    // The SDK ends the loop quietly when its own signal aborts, as with the API.
    harness.fake.enqueue(
      openai.text('a b c d e f g h', { fault: fault.stall(600_000, { afterChunks: 3 }) }),
    );
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Slowly.' }], stream: true },
      { signal: controller.signal },
    );
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
    const reading = (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) controller.abort();
      }
    })();
    await reading;
    expect(controller.signal.aborted).toBe(true);
    await upstreamAborted;
    expect(upstreamSignal.aborted).toBe(true);
  });
});
