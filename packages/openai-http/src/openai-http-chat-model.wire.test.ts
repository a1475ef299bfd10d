import {
  generateObject,
  ServerError,
  StreamInterruptedError,
  type ChatStreamPart,
  type ChatRequest,
} from '@org/llm-core';
import { checkStreamParts, fault, openai } from '@org/llm-testkit';
import { Agent, Pool, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWireHarness,
  testApiKey,
  transports,
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

describe.each(transports)('over $name', ({ options }) => {
  it('generates text and sends a minimal, authenticated request', async () => {
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
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^@org\/llm-openai-http\/0\.1\.0 node\/v\d+/);
  });

  it('streams text parts, asks for the usage chunk and reports it', async () => {
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
    const request = harness.server.lastRequest;
    expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(request.headers.accept).toBe('text/event-stream');
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
    const streamedCalls = parts.filter((part) => part.type === 'tool-call');
    expect(streamedCalls.map((call) => [call.toolCallId, call.input])).toEqual([
      ['call_paris', { city: 'Paris' }],
      ['call_oslo', { city: 'Oslo' }],
    ]);
    expect(
      parts
        .filter((part) => part.type === 'text-delta')
        .map((part) => part.delta)
        .join(''),
    ).toBe('Checking both.');
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

  it('maps the finish reasons length and content_filter', async () => {
    harness.server.enqueue(
      openai.text('Cut', { finishReason: 'length' }),
      openai.text('', { finishReason: 'content_filter' }),
    );
    const model = harness.provider(options)('gpt-4o-mini');
    expect((await model.generate(hello)).finishReason).toEqual({
      unified: 'length',
      raw: 'length',
    });
    expect((await (await model.stream(hello)).final()).finishReason).toEqual({
      unified: 'content-filter',
      raw: 'content_filter',
    });
  });

  it('turns a JSON answer to a stream request into a stream', async () => {
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

const lateEnd = [
  `data: ${JSON.stringify({ id: 'chatcmpl-late', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'late end' }, finish_reason: 'stop' }] })}\n\n`,
  'data: [DONE]\n\n',
  '',
];

describe('connection reuse', () => {
  it('reuses connections for sequential calls (the bytes after [DONE] are drained, not dropped)', async () => {
    const agent = new Agent();
    let connects = 0;
    agent.on('connect', () => connects++);
    try {
      for (const transport of [{}, { fetch: undiciFetch as unknown as typeof fetch }]) {
        const model = harness.provider({ ...transport, dispatcher: agent })('gpt-4o-mini');
        for (let index = 0; index < 4; index++) {
          harness.server.enqueue(openai.text(`answer ${index}`));
          expect(await (await model.stream(hello)).text()).toBe(`answer ${index}`);
        }
        harness.server.enqueue(openai.text('json'));
        expect((await model.generate(hello)).text).toBe('json');
        // The end of the body comes 20 ms after [DONE]: only a drained socket is reused.
        harness.server.enqueue(
          openai.raw({
            headers: { 'content-type': 'text/event-stream' },
            chunks: [...lateEnd],
            paceMs: 20,
          }),
        );
        expect(await (await model.stream(hello)).text()).toBe('late end');
      }
      // undici marks a connection idle a tick after its body ends, so a call
      // sent at once may open a second one; never one per call (12 calls here).
      expect(connects).toBeLessThanOrEqual(2);
    } finally {
      await agent.close();
    }
  });

  it('finishes a stream whose server keeps the body open after [DONE]', async () => {
    harness.server.enqueue(
      openai.raw({
        headers: { 'content-type': 'text/event-stream' },
        chunks: [...lateEnd],
        fault: fault.stall(60_000, { afterChunks: 2 }),
      }),
    );
    const final = await (await harness.provider()('gpt-4o-mini').stream(hello)).final();
    expect(final.text).toBe('late end');
    expect(final.finishReason.unified).toBe('stop');
  });

  it('delivers the content of one network read before the error event that follows it there', async () => {
    const chunk = (content: string): string =>
      `data: ${JSON.stringify({ id: 'c1', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content } }] })}\n\n`;
    harness.server.enqueue(
      openai.raw({
        headers: { 'content-type': 'text/event-stream' },
        // One write: the whole batch arrives in one read.
        chunks: [
          chunk('Hello') +
            chunk(' world') +
            `data: ${JSON.stringify({ error: { message: 'boom', type: 'server_error' } })}\n\n`,
        ],
      }),
    );
    const stream = await harness.provider()('gpt-4o-mini').stream(hello);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const part of stream) if (part.type === 'text-delta') seen.push(part.delta);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['Hello', ' world']);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).partialText).toBe('Hello world');
    expect(ServerError.isInstance((error as Error).cause)).toBe(true);
  });

  it('releases the connection when a stream is aborted or its reader stops early', async () => {
    // One connection: a request stuck on a leaked socket would never be sent.
    const pool = new Pool(harness.server.url, { connections: 1 });
    try {
      const model = harness.provider({ dispatcher: pool })('gpt-4o-mini');
      harness.server.enqueue(
        openai.text('Partial answer', {
          chunks: ['Partial', ' answer'],
          fault: fault.stall(60_000, { afterChunks: 2 }),
        }),
      );
      const controller = new AbortController();
      const reason = new Error('stop');
      const stream = await model.stream({ ...hello, abortSignal: controller.signal });
      const iterator = stream[Symbol.asyncIterator]();
      let seen = '';
      while (!seen.includes('Partial')) {
        const next = await iterator.next();
        if (next.done !== true && next.value.type === 'text-delta') seen += next.value.delta;
      }
      const pending = iterator.next();
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);

      harness.server.enqueue(
        openai.text('Long answer', {
          chunks: ['Long', ' answer'],
          fault: fault.stall(60_000, { afterChunks: 2 }),
        }),
      );
      const early = await model.stream(hello);
      for await (const part of early) if (part.type === 'text-delta') break;

      harness.server.enqueue(openai.text('Next'));
      expect((await model.generate(hello)).text).toBe('Next');
    } finally {
      await pool.destroy();
    }
  });
});
