import { generateObject, type ChatRequest, type ChatStreamPart } from '@org/llm-core';
import { checkStreamParts, fault, openai } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWireHarness,
  testApiKey,
  variants,
  type WireHarness,
} from './test-support/wire-harness.ts';

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

describe.each(variants)('with $name', ({ options }) => {
  it('generates text, with usage, ids and response headers, from a minimal authenticated request', async () => {
    harness.server.enqueue(
      openai.text('Hello, world!', {
        usage: { promptTokens: 12, completionTokens: 4, cachedTokens: 3, reasoningTokens: 1 },
      }),
    );
    const result = await harness.provider(options)('gpt-4o-mini').generate(hello);
    expect(result.text).toBe('Hello, world!');
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.usage).toEqual({
      inputTokens: 12,
      outputTokens: 4,
      cacheReadTokens: 3,
      cacheWriteTokens: undefined,
      reasoningTokens: 1,
    });
    expect(result.response.id).toBe('chatcmpl-fake000001');
    expect(result.response.modelId).toBe('gpt-4o-mini');
    expect(result.response.headers?.['x-request-id']).toBe('req_fake000001');
    expect(result.response.headers?.['x-ratelimit-remaining-requests']).toBe('9999');
    expect(result.providerMetadata).toEqual({
      openai: { systemFingerprint: 'fp_fakeserver', serviceTier: 'default' },
    });
    const request = harness.server.lastRequest;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    expect(request.headers.authorization).toBe(`Bearer ***${testApiKey.slice(-4)}`);
    // The SDK's own: no retries (retry count 0) and the timeout we gave it.
    expect(request.headers['x-stainless-retry-count']).toBe('0');
    expect(request.headers['x-stainless-timeout']).toBe('600');
  });

  it('streams text parts, asks for the usage chunk and reports it with the response headers', async () => {
    harness.server.enqueue(
      openai.text('Hello, streaming world!', {
        chunks: ['Hello', ', streaming', ' world!'],
        usage: { promptTokens: 9 },
      }),
    );
    const stream = await harness.provider(options)('gpt-4o-mini').stream(hello);
    expect(stream.committed).toBe(true);
    const parts = await collect(stream);
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts.slice(0, 2).map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
    ]);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'Hello',
      ', streaming',
      ' world!',
    ]);
    const final = await stream.final();
    expect(final.text).toBe('Hello, streaming world!');
    expect(final.usage).toMatchObject({ inputTokens: 9, outputTokens: 3 });
    expect(final.response).toMatchObject({ id: 'chatcmpl-fake000001', modelId: 'gpt-4o-mini' });
    expect(final.response.headers?.['content-type']).toMatch(/^text\/event-stream/);
    expect(final.response.headers?.['x-request-id']).toBe('req_fake000001');
    expect(harness.server.lastRequest.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('returns parallel tool calls with parsed input, streamed and not', async () => {
    const calls = [
      { id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_oslo', name: 'get_weather', arguments: { city: 'Oslo' } },
    ];
    harness.server.enqueue(
      openai.toolCalls(calls),
      openai.toolCalls(calls, { text: 'Checking both.' }),
    );
    const request: ChatRequest = {
      ...hello,
      tools: [weatherTool],
      toolChoice: 'required',
      parallelToolCalls: true,
    };
    const model = harness.provider(options)('gpt-4o-mini');
    const generated = await model.generate(request);
    expect(generated.toolCalls.map((call) => [call.toolCallId, call.toolName, call.input])).toEqual(
      [
        ['call_paris', 'get_weather', { city: 'Paris' }],
        ['call_oslo', 'get_weather', { city: 'Oslo' }],
      ],
    );
    expect(generated.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    const parts = await collect(await model.stream(request));
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts.filter((part) => part.type === 'tool-call-delta').length).toBeGreaterThan(2);
    expect(
      parts
        .filter((part) => part.type === 'tool-call')
        .map((call) => [call.toolCallId, call.input]),
    ).toEqual([
      ['call_paris', { city: 'Paris' }],
      ['call_oslo', { city: 'Oslo' }],
    ]);
    expect(harness.server.requests[0]!.body).toMatchObject({
      tool_choice: 'required',
      parallel_tool_calls: true,
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
  });

  it('reports a refusal as a content-filter finish with the refusal text', async () => {
    harness.server.enqueue(
      openai.refusal("I'm sorry, I can't help with that."),
      openai.refusal("I'm sorry, I can't help with that."),
    );
    const model = harness.provider(options)('gpt-4o-mini');
    for (const result of [await model.generate(hello), await (await model.stream(hello)).final()]) {
      expect(result.text).toBe('');
      expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'stop' });
      expect(result.providerMetadata?.openai?.refusal).toBe("I'm sorry, I can't help with that.");
    }
  });

  it('produces structured output through generateObject with a strict json_schema', async () => {
    harness.server.enqueue(openai.jsonObject({ city: 'Paris', celsius: 21 }));
    const result = await generateObject(harness.provider(options)('gpt-4o-mini'), {
      schema: z.object({ city: z.string(), celsius: z.number() }),
      messages: [{ role: 'user', content: 'Weather in Paris as JSON.' }],
    });
    expect(result.object).toEqual({ city: 'Paris', celsius: 21 });
    expect(harness.server.lastRequest.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
  });

  it('turns a JSON answer to a stream request into a stream (the SDK would read it as an empty stream)', async () => {
    const body = JSON.stringify({
      id: 'chatcmpl-json',
      object: 'chat.completion',
      created: 1,
      model: 'local-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Not streamed' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 2 },
    });
    harness.server.enqueue(openai.raw({ headers: { 'content-type': 'application/json' }, body }));
    const final = await (await harness.provider(options)('local-model').stream(hello)).final();
    expect(final.text).toBe('Not streamed');
    expect(final.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
  });

  it('reads a JSON answer sent with another content type, and names a body that is not JSON', async () => {
    const body = JSON.stringify({
      id: 'chatcmpl-text',
      choices: [{ index: 0, message: { content: 'Plain' }, finish_reason: 'stop' }],
    });
    harness.server.enqueue(
      openai.raw({ headers: { 'content-type': 'text/plain' }, body }),
      openai.raw({ headers: { 'content-type': 'text/plain' }, body: 'upstream says no' }),
    );
    const model = harness.provider(options)('local-model');
    expect((await model.generate(hello)).text).toBe('Plain');
    await expect(model.generate(hello)).rejects.toThrow(
      `openai answered 'local-model' with a body that is not JSON (content type 'text/plain'): upstream says no.`,
    );
  });

  it('rejects with the reason of a signal aborted before the call, and sends nothing', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    const model = harness.provider(options)('gpt-4o-mini');
    await expect(model.generate({ ...hello, abortSignal: controller.signal })).rejects.toBe(reason);
    await expect(model.stream({ ...hello, abortSignal: controller.signal })).rejects.toBe(reason);
    expect(harness.server.requests).toEqual([]);
  });
});

/** Polls the event loop (not the clock) until `condition` holds; fails after 100 turns. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 100 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('connection release', () => {
  /** A provider whose fetch records the abort signal of every request the SDK sends. */
  function recordingProvider(): {
    provider: ReturnType<WireHarness['provider']>;
    signals: AbortSignal[];
  } {
    const signals: AbortSignal[] = [];
    const provider = harness.provider({
      fetch: (input, init) => {
        if (init.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    return { provider, signals };
  }

  it('aborts the request (closing its connection) when the reader stops early or a stream fails', async () => {
    harness.server.enqueue(
      openai.text('Long answer', {
        chunks: ['Long', ' answer'],
        fault: fault.stall(60_000, { afterChunks: 2 }),
      }),
      openai.streamError(
        { message: 'The server had an error while processing your request.' },
        { afterChunks: 3, text: 'Partial answer goes on' },
      ),
      openai.text('Next'),
    );
    const { provider, signals } = recordingProvider();
    const model = provider('gpt-4o-mini');
    const early = await model.stream(hello);
    for await (const part of early) if (part.type === 'text-delta') break;
    // ChatStream closes its source without waiting: give the returns a few turns.
    await eventually(() => signals[0]!.aborted);
    await expect((await model.stream(hello)).final()).rejects.toThrow('The server had an error');
    expect(signals[1]!.aborted).toBe(true);
    expect((await model.generate(hello)).text).toBe('Next');
  });

  it('keeps the connection after a complete stream: the rest of the body is read, the request not aborted', async () => {
    harness.server.enqueue(openai.text('All of it.'), openai.text('Again.'));
    const { provider, signals } = recordingProvider();
    const model = provider('gpt-4o-mini');
    expect(await (await model.stream(hello)).text()).toBe('All of it.');
    expect(await (await model.stream(hello)).text()).toBe('Again.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });

  it('aborts the request when the caller aborts a stream', async () => {
    harness.server.enqueue(
      openai.text('Partial answer', {
        chunks: ['Partial', ' answer'],
        fault: fault.stall(60_000, { afterChunks: 2 }),
      }),
    );
    const { provider, signals } = recordingProvider();
    const controller = new AbortController();
    const stream = await provider('gpt-4o-mini').stream({
      ...hello,
      abortSignal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(stream.final()).rejects.toThrow('stop');
    expect(signals[0]!.aborted).toBe(true);
  });
});
