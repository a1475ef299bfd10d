import {
  ConfigError,
  StreamInterruptedError,
  StructuredOutputError,
  TimeoutError,
  createRegistry,
  type ChatRequest,
  type ChatStreamPart,
} from '@org/llm-core';
import { eventually, fakeWireClock } from '@org/llm-test-support/wire-clock';
import { anthropic, fault } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { anthropicSdkApiVersion } from './anthropic-api-version.ts';
import { createAnthropic } from './create-anthropic.ts';
import { createWireHarness, testApiKey, type WireHarness } from './test-support/wire-harness.ts';

let harness: WireHarness;
beforeAll(async () => {
  harness = await createWireHarness();
});
afterEach(() => {
  harness.checkAndReset();
});
afterAll(async () => {
  await harness.close();
});

const hello: ChatRequest = { messages: [{ role: 'user', content: 'Say hello.' }] };
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function collect(stream: AsyncIterable<ChatStreamPart>): Promise<ChatStreamPart[]> {
  const parts: ChatStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function body(): Record<string, unknown> {
  return harness.server.lastRequest.body as Record<string, unknown>;
}

describe('what the SDK sends (verified on the wire)', () => {
  it("sends the SDK's anthropic-version and the key as a bearer token by default", async () => {
    harness.server.enqueue(anthropic.text('Hello!'));
    await harness
      .provider()('claude-haiku-4-5')
      .generate({ ...hello, temperature: 0.2 });
    const request = harness.server.lastRequest;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['anthropic-version']).toBe(anthropicSdkApiVersion);
    expect(anthropicSdkApiVersion).toBe('2026-10-21');
    expect(request.headers.authorization).toBe(`Bearer ***${testApiKey.slice(-4)}`);
    expect(request.headers['x-api-key']).toBeUndefined();
    // The SDK's retry counter shows it made one attempt and never retries.
    expect(request.headers['x-stainless-retry-count']).toBe('0');
    expect(request.headers['x-stainless-timeout']).toBe('600');
    expect(request.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 64_000,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
      stream: false,
    });
  });

  it('sends apiVersion 2023-06-01 in the header, with temperature in the body', async () => {
    harness.server.enqueue(anthropic.text('Hello!'));
    const provider = harness.provider({ apiVersion: '2023-06-01', timeoutMs: 30_000 });
    expect(provider.apiVersion).toBe('2023-06-01');
    const result = await provider('claude-haiku-4-5').generate({ ...hello, temperature: 0.2 });
    expect(harness.server.lastRequest.headers['anthropic-version']).toBe('2023-06-01');
    expect(harness.server.lastRequest.headers['x-stainless-timeout']).toBe('30');
    expect(body()).toMatchObject({ temperature: 0.2 });
    expect(result.warnings).toEqual([]);
  });

  it('reports temperature as a warning under 2026-10-21, and sends nothing the API would reject', async () => {
    harness.server.enqueue(anthropic.text('Hello!'));
    const result = await harness
      .provider()('claude-haiku-4-5')
      .generate({ ...hello, temperature: 0.2, topP: 0.5 });
    expect(body()).not.toHaveProperty('temperature');
    expect(body()).not.toHaveProperty('top_p');
    expect(
      result.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting),
    ).toEqual(['temperature', 'topP']);
  });

  it('sends the key as x-api-key when asked, and never both headers', async () => {
    harness.server.enqueue(anthropic.text('Hello!'));
    await harness.provider({ apiKeyHeader: 'x-api-key' })('claude-haiku-4-5').generate(hello);
    expect(harness.server.lastRequest.headers['x-api-key']).toBe(`***${testApiKey.slice(-4)}`);
    expect(harness.server.lastRequest.headers.authorization).toBeUndefined();
  });

  it('calls a key function per request and merges provider, model, request and beta headers', async () => {
    let calls = 0;
    const provider = harness.provider({
      apiKey: () => `sk-ant-rotated-key-number-${++calls}`,
      headers: { 'x-team': 'search', 'x-override': 'provider' },
    });
    const model = provider('claude-haiku-4-5', {
      headers: { 'x-model': 'm', 'x-override': 'model' },
    });
    harness.server.enqueue(anthropic.text('a'), anthropic.text('b'));
    await model.generate({
      ...hello,
      headers: { 'x-request': 'r' },
      providerOptions: { anthropic: { betas: ['context-1m-2025-08-07', 'files-api-2025-04-14'] } },
    });
    await model.generate(hello);
    const [first, second] = harness.server.requests;
    expect(first!.headers).toMatchObject({
      authorization: 'Bearer ***er-1',
      'x-team': 'search',
      'x-model': 'm',
      'x-override': 'model',
      'x-request': 'r',
      'anthropic-beta': 'context-1m-2025-08-07,files-api-2025-04-14',
    });
    expect(second!.headers.authorization).toBe('Bearer ***er-2');
    expect(second!.headers['anthropic-beta']).toBeUndefined();
  });

  it('sends no credentials to a keyless Anthropic-compatible host, and refuses Anthropic without a key', async () => {
    harness.server.enqueue(anthropic.text('Hello!'));
    const keyless = createAnthropic({ baseURL: harness.server.anthropicBaseURL, name: 'local' });
    const result = await keyless('local-model').generate(hello);
    expect(result.text).toBe('Hello!');
    expect(harness.server.lastRequest.headers.authorization).toBeUndefined();
    expect(harness.server.lastRequest.headers['x-api-key']).toBeUndefined();
    const withoutKey = createAnthropic({ apiKey: undefined });
    const previous = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => createAnthropic()('claude-haiku-4-5')).toThrow(ConfigError);
    } finally {
      if (previous !== undefined) process.env.ANTHROPIC_API_KEY = previous;
    }
    expect(typeof withoutKey).toBe('function');
  });
});

describe('generate and stream over the wire', () => {
  it('generates text with usage (cache tokens included), response id, model and headers', async () => {
    harness.server.enqueue(
      anthropic.text('Hello there!', {
        id: 'msg_wire_1',
        model: 'claude-haiku-4-5-20251001',
        usage: {
          inputTokens: 20,
          outputTokens: 4,
          cacheReadInputTokens: 100,
          cacheCreationInputTokens: 30,
        },
      }),
    );
    const result = await harness.provider()('claude-haiku-4-5').generate(hello);
    expect(result.text).toBe('Hello there!');
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(result.usage).toEqual({
      inputTokens: 150,
      outputTokens: 4,
      cacheReadTokens: 100,
      cacheWriteTokens: 30,
      reasoningTokens: undefined,
    });
    expect(result.response.id).toBe('msg_wire_1');
    expect(result.response.modelId).toBe('claude-haiku-4-5-20251001');
    expect(result.response.headers?.['request-id']).toMatch(/^req_/);
  });

  it('streams text parts that add up to the same result', async () => {
    harness.server.enqueue(
      anthropic.text('Hello there!', {
        chunks: ['Hel', 'lo there', '!'],
        usage: { inputTokens: 7, outputTokens: 3 },
      }),
    );
    const stream = await harness.provider()('claude-haiku-4-5').stream(hello);
    const parts = await collect(stream);
    expect(body()).toMatchObject({ stream: true });
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'Hel',
      'lo there',
      '!',
    ]);
    const final = await stream.final();
    expect(final.text).toBe('Hello there!');
    expect(final.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
    expect(final.response.headers?.['content-type']).toContain('text/event-stream');
  });

  it('returns tool calls (parallel) with parsed input, in generate and in stream', async () => {
    const uses = [
      { id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
      { id: 'toolu_oslo', name: 'get_weather', input: { city: 'Oslo' } },
    ];
    harness.server.enqueue(
      anthropic.toolUse(uses, { text: 'Checking both.' }),
      anthropic.toolUse(uses, { text: 'Checking both.' }),
    );
    const model = harness.provider()('claude-haiku-4-5');
    const request = { ...hello, tools: [weatherTool], parallelToolCalls: true };
    const generated = await model.generate(request);
    const streamed = await (await model.stream(request)).final();
    for (const result of [generated, streamed]) {
      expect(result.text).toBe('Checking both.');
      expect(result.toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([
        ['toolu_paris', { city: 'Paris' }],
        ['toolu_oslo', { city: 'Oslo' }],
      ]);
      expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    }
    expect(body().tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: weatherTool.inputSchema,
      },
    ]);
  });

  it('keeps thinking with its signature and sends it back unchanged on the next turn', async () => {
    harness.server.enqueue(
      anthropic.thinking(
        { thinking: 'The user wants a greeting.', signature: 'EqQBCkYIBxgC' },
        { text: 'Hello!' },
      ),
      anthropic.text('Again!'),
    );
    const model = harness.provider()('claude-haiku-4-5');
    const stream = await model.stream({ ...hello, reasoning: { budgetTokens: 2048 } });
    const first = await stream.final();
    expect(body().thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(first.content[0]).toEqual({
      type: 'reasoning',
      text: 'The user wants a greeting.',
      signature: 'EqQBCkYIBxgC',
      provider: 'anthropic',
    });
    await model.generate({
      messages: [
        ...hello.messages,
        { role: 'assistant', content: [...first.content] },
        { role: 'user', content: 'Again.' },
      ],
    });
    expect((body().messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The user wants a greeting.', signature: 'EqQBCkYIBxgC' },
        { type: 'text', text: 'Hello!' },
      ],
    });
  });

  it('keeps redacted thinking opaque', async () => {
    harness.server.enqueue(anthropic.thinking({ redacted: 'RW5jcnlwdGVk' }, { text: 'Done.' }));
    const result = await harness
      .provider()('claude-opus-4-7')
      .generate({ ...hello, reasoning: { effort: 'high' } });
    expect(body()).toMatchObject({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
    });
    expect(result.content[0]).toEqual({
      type: 'reasoning',
      text: '',
      redactedData: 'RW5jcnlwdGVk',
      provider: 'anthropic',
    });
  });

  it('asks for native structured output where the model has it and reports the mode', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    harness.server.enqueue(anthropic.text('{"city":"Paris"}'));
    const result = await harness
      .provider()('claude-haiku-4-5')
      .generate({
        ...hello,
        responseFormat: { type: 'json-schema', schema, name: 'place' },
      });
    expect(body().output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(JSON.parse(result.text)).toEqual({ city: 'Paris' });
    expect(result.providerMetadata).toEqual({ anthropic: { structuredOutput: 'native' } });
  });

  it('falls back to a forced tool for models without native structured output, streamed as text', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    harness.server.enqueue(anthropic.toolUse([{ name: 'place', input: { city: 'Oslo' } }]));
    const stream = await harness
      .provider()('compatible-model')
      .stream({
        ...hello,
        responseFormat: { type: 'json-schema', schema, name: 'place' },
      });
    const result = await stream.final();
    expect(body().tool_choice).toEqual({ type: 'tool', name: 'place' });
    expect(result.text).toBe('{"city":"Oslo"}');
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
    expect(result.providerMetadata).toEqual({ anthropic: { structuredOutput: 'tool' } });
  });

  it('raises a typed error when max_tokens leaves a tool call without its required input', async () => {
    harness.server.enqueue(
      anthropic.toolUse([{ id: 'toolu_cut', name: 'get_weather', input: {} }], {
        stopReason: 'max_tokens',
      }),
    );
    const error = await harness
      .provider()('claude-haiku-4-5')
      .generate({ ...hello, tools: [weatherTool] })
      .catch((caught: unknown) => caught);
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('raise maxOutputTokens');
  });

  it('counts tokens through /v1/messages/count_tokens with what generate would send', async () => {
    harness.server.enqueue(anthropic.countTokens(42));
    const count = await harness
      .provider()('claude-haiku-4-5')
      .countTokens({
        ...hello,
        system: 'Be brief.',
        tools: [weatherTool],
        temperature: 0.5,
      });
    expect(count.inputTokens).toBe(42);
    expect(count.warnings).toEqual([expect.objectContaining({ setting: 'temperature' })]);
    expect(harness.server.lastRequest.path).toBe('/v1/messages/count_tokens');
    expect(harness.server.lastRequest.body).toEqual({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
      system: 'Be brief.',
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          input_schema: weatherTool.inputSchema,
        },
      ],
    });
  });

  it('plugs into createRegistry', async () => {
    harness.server.enqueue(anthropic.text('From the registry.'));
    const registry = createRegistry({ anthropic: harness.provider() });
    const model = registry.chatModel('anthropic:claude-haiku-4-5');
    expect(model.capabilities.maxOutputTokens).toBe(64_000);
    expect((await model.generate(hello)).text).toBe('From the registry.');
  });
});

describe('connections and deadlines', () => {
  it('releases the connection when the reader stops early (the SDK request is aborted)', async () => {
    const signals: AbortSignal[] = [];
    const provider = harness.provider({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    harness.server.enqueue(anthropic.text('one two three four five six', { paceMs: 20 }));
    const stream = await provider('claude-haiku-4-5').stream(hello);
    for await (const part of stream) if (part.type === 'text-delta') break;
    expect(signals).toHaveLength(1);
    await expect.poll(() => signals[0]!.aborted).toBe(true);
  });

  it('times out a stream that goes silent, after content: StreamInterruptedError caused by TimeoutError', async () => {
    // On a faked clock, moved once the first delta is in and the server
    // waits: 150 ms of real time for the headers and the first events would
    // not always be enough on a busy machine.
    using _clock = fakeWireClock();
    harness.server.enqueue(
      anthropic.text('Partial answer', {
        chunks: ['Partial', ' answer'],
        fault: fault.stall(60_000, { afterChunks: 4 }),
      }),
    );
    // stream() resolves at the first delta, the last event before the stall.
    const stream = await harness.provider({ timeoutMs: 150 })('claude-haiku-4-5').stream(hello);
    const ended = stream.final().catch((caught: unknown) => caught);
    await eventually(() => harness.server.paused === 1, 'the stall');
    await vi.advanceTimersByTimeAsync(150);
    const error = await ended;
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(TimeoutError.isInstance((error as Error).cause)).toBe(true);
    expect((error as StreamInterruptedError).partialText).toBe('Partial');
  });

  it('times out a generate call whose body stalls after the headers, and frees the connection', async () => {
    harness.server.enqueue(anthropic.text('late', { fault: fault.stall(5_000) }));
    const error = await harness
      .provider({ timeoutMs: 150 })('claude-haiku-4-5')
      .generate(hello)
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('did not complete the answer within 150 ms');
  });

  it('keeps the connection for reuse after a complete stream (the request is not aborted)', async () => {
    const signals: AbortSignal[] = [];
    const provider = harness.provider({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    harness.server.enqueue(anthropic.text('All of it.'), anthropic.text('Again.'));
    const model = provider('claude-haiku-4-5');
    expect(await (await model.stream(hello)).text()).toBe('All of it.');
    expect(await (await model.stream(hello)).text()).toBe('Again.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });

  it('times out a generate call whose response never starts', async () => {
    harness.server.enqueue(anthropic.text('late', { fault: fault.slowFirstByte(5_000) }));
    const error = await harness
      .provider({ timeoutMs: 150 })('claude-haiku-4-5')
      .generate(hello)
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).isRetryable).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(150);
  });
});
