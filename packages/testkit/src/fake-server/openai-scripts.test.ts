import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { FakeServerError } from './fake-server-error.ts';
import { openai } from './openai-scripts.ts';
import { fixedNow, openAIPayloads, postJson, wireHeaders } from './test-support/wire-client.ts';

let server: FakeProviderServer;
let url: string;

beforeAll(async () => {
  server = await createFakeProviderServer({ now: fixedNow });
  url = `${server.openaiBaseURL}/chat/completions`;
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const ask = (extra: Record<string, unknown> = {}) =>
  postJson(url, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('openai.text', () => {
  it('answers a chat.completion JSON object with every field the real API sends', async () => {
    server.enqueue(openai.text('Hello world', { usage: { promptTokens: 12, cachedTokens: 4 } }));
    const response = await ask();
    expect(response.status).toBe(200);
    expect(wireHeaders(response)).toMatchInlineSnapshot(`
      {
        "access-control-expose-headers": "X-Request-ID",
        "content-length": "570",
        "content-type": "application/json",
        "openai-organization": "org-fakeserver",
        "openai-processing-ms": "1",
        "openai-version": "2020-10-01",
        "x-ratelimit-limit-requests": "10000",
        "x-ratelimit-limit-tokens": "30000000",
        "x-ratelimit-remaining-requests": "9999",
        "x-ratelimit-remaining-tokens": "29999990",
        "x-ratelimit-reset-requests": "6ms",
        "x-ratelimit-reset-tokens": "0s",
        "x-request-id": "req_fake000001",
      }
    `);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "choices": [
          {
            "finish_reason": "stop",
            "index": 0,
            "logprobs": null,
            "message": {
              "annotations": [],
              "content": "Hello world",
              "refusal": null,
              "role": "assistant",
            },
          },
        ],
        "created": 1767225600,
        "id": "chatcmpl-fake000001",
        "model": "gpt-4o-mini",
        "object": "chat.completion",
        "service_tier": "default",
        "system_fingerprint": "fp_fakeserver",
        "usage": {
          "completion_tokens": 2,
          "completion_tokens_details": {
            "accepted_prediction_tokens": 0,
            "audio_tokens": 0,
            "reasoning_tokens": 0,
            "rejected_prediction_tokens": 0,
          },
          "prompt_tokens": 12,
          "prompt_tokens_details": {
            "audio_tokens": 0,
            "cached_tokens": 4,
          },
          "total_tokens": 14,
        },
      }
    `);
  });

  it('streams a role-only first delta, content deltas, the finish chunk and [DONE]', async () => {
    server.enqueue(openai.text('Hello world!'));
    const response = await ask({ stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_fake\d{6}$/);
    expect(await response.text()).toMatchInlineSnapshot(`
      "data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"obfuscation":"fake"}

      data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"obfuscation":"fake"}

      data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{"content":" world!"},"logprobs":null,"finish_reason":null}],"obfuscation":"fake"}

      data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"obfuscation":"fake"}

      data: [DONE]

      "
    `);
  });

  it('adds usage: null to every chunk and a usage-only last chunk with stream_options.include_usage', async () => {
    server.enqueue(
      openai.text('Hi there', {
        chunks: ['H', 'i there'],
        usage: { promptTokens: 20, completionTokens: 7, cachedTokens: 16, reasoningTokens: 3 },
      }),
    );
    const response = await ask({ stream: true, stream_options: { include_usage: true } });
    const payloads = openAIPayloads(await response.text());
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1) as Record<string, unknown>[];
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-2)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(chunks.at(-1)).toMatchInlineSnapshot(`
      {
        "choices": [],
        "created": 1767225600,
        "id": "chatcmpl-fake000001",
        "model": "gpt-4o-mini",
        "obfuscation": "fake",
        "object": "chat.completion.chunk",
        "service_tier": "default",
        "system_fingerprint": "fp_fakeserver",
        "usage": {
          "completion_tokens": 7,
          "completion_tokens_details": {
            "accepted_prediction_tokens": 0,
            "audio_tokens": 0,
            "reasoning_tokens": 3,
            "rejected_prediction_tokens": 0,
          },
          "prompt_tokens": 20,
          "prompt_tokens_details": {
            "audio_tokens": 0,
            "cached_tokens": 16,
          },
          "total_tokens": 27,
        },
      }
    `);
  });

  it('leaves out obfuscation when stream_options.include_obfuscation is false', async () => {
    server.enqueue(openai.text('Hi'));
    const response = await ask({ stream: true, stream_options: { include_obfuscation: false } });
    const [first] = openAIPayloads(await response.text()) as Record<string, unknown>[];
    expect(first).not.toHaveProperty('obfuscation');
    expect(first).not.toHaveProperty('usage');
  });

  it('uses the scripted model, id and finish reason', async () => {
    server.enqueue(
      openai.text('Cut', {
        model: 'gpt-4.1-nano-2025-04-14',
        id: 'chatcmpl-abc',
        finishReason: 'length',
      }),
    );
    const body = (await (await ask()).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: 'chatcmpl-abc',
      model: 'gpt-4.1-nano-2025-04-14',
      choices: [{ finish_reason: 'length' }],
    });
  });

  it('rejects chunks that do not add up to the text', () => {
    expect(() => openai.text('Hello', { chunks: ['Hel', 'p'] })).toThrow(FakeServerError);
    expect(() => openai.text('Hello', { chunks: ['Hel', 'p'] })).toThrow(
      /chunks must concatenate to the text/,
    );
  });
});

describe('openai.toolCalls', () => {
  const calls = [
    { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'call_2', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
  ];

  it('answers tool_calls with finish_reason tool_calls and content null', async () => {
    server.enqueue(openai.toolCalls(calls));
    const body = (await (await ask()).json()) as { choices: unknown[] };
    expect(body.choices).toMatchInlineSnapshot(`
      [
        {
          "finish_reason": "tool_calls",
          "index": 0,
          "logprobs": null,
          "message": {
            "annotations": [],
            "content": null,
            "refusal": null,
            "role": "assistant",
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"city":"Paris"}",
                  "name": "get_weather",
                },
                "id": "call_1",
                "type": "function",
              },
              {
                "function": {
                  "arguments": "{"zone":"Europe/Paris"}",
                  "name": "get_time",
                },
                "id": "call_2",
                "type": "function",
              },
            ],
          },
        },
      ]
    `);
  });

  it('streams each call: index, id, type and name first, then argument pieces', async () => {
    server.enqueue(openai.toolCalls(calls, { text: 'Checking.' }));
    const payloads = openAIPayloads(await (await ask({ stream: true })).text());
    const deltas = (
      payloads.slice(0, -1) as { choices: { delta: unknown; finish_reason: unknown }[] }[]
    ).map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason]);
    expect(deltas).toMatchInlineSnapshot(`
      [
        [
          {
            "content": "",
            "refusal": null,
            "role": "assistant",
          },
          null,
        ],
        [
          {
            "content": "Checking.",
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": "",
                  "name": "get_weather",
                },
                "id": "call_1",
                "index": 0,
                "type": "function",
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"city":",
                },
                "index": 0,
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": ""Paris"}",
                },
                "index": 0,
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": "",
                  "name": "get_time",
                },
                "id": "call_2",
                "index": 1,
                "type": "function",
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"zone":",
                },
                "index": 1,
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": ""Europe/",
                },
                "index": 1,
              },
            ],
          },
          null,
        ],
        [
          {
            "tool_calls": [
              {
                "function": {
                  "arguments": "Paris"}",
                },
                "index": 1,
              },
            ],
          },
          null,
        ],
        [
          {},
          "tool_calls",
        ],
      ]
    `);
  });

  it('sends arguments that reassemble to the JSON text, several pieces per call', async () => {
    server.enqueue(
      openai.toolCalls([{ name: 'search', arguments: { query: 'weather in Zürich 🌦', limit: 3 } }]),
    );
    const payloads = openAIPayloads(await (await ask({ stream: true })).text()) as {
      choices: { delta: { tool_calls?: { id?: string; function: { arguments: string } }[] } }[];
    }[];
    const pieces = payloads
      .slice(0, -1)
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .map((call) => call.function.arguments);
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(''))).toEqual({ query: 'weather in Zürich 🌦', limit: 3 });
    const first = payloads[1]!.choices[0]!.delta.tool_calls![0]!;
    expect(first.id).toMatch(/^call_fake\d{6}$/);
  });

  it('needs at least one call, each with arguments', () => {
    expect(() => openai.toolCalls([])).toThrow(/at least one tool call/);
    expect(() => openai.toolCalls([{ name: 'f', arguments: undefined }])).toThrow(
      /needs arguments/,
    );
  });
});

describe('openai.refusal and openai.jsonObject', () => {
  it('answers a refusal with content null', async () => {
    server.enqueue(openai.refusal('I cannot help with that'));
    const body = (await (await ask()).json()) as { choices: { message: unknown }[] };
    expect(body.choices[0]!.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: 'I cannot help with that',
      annotations: [],
    });
  });

  it('streams a refusal as delta.refusal pieces after a first delta with refusal ""', async () => {
    server.enqueue(openai.refusal('I cannot'));
    const payloads = openAIPayloads(await (await ask({ stream: true })).text()) as {
      choices: { delta: unknown }[];
    }[];
    expect(payloads.slice(0, -2).map((chunk) => chunk.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: null, refusal: '' },
      { refusal: 'I' },
      { refusal: ' cannot' },
    ]);
  });

  it('answers the JSON text of a value, streamed in pieces', async () => {
    server.enqueue(openai.jsonObject({ city: 'Paris', temperature: 21 }));
    const payloads = openAIPayloads(await (await ask({ stream: true })).text()) as {
      choices: { delta: { content?: string } }[];
    }[];
    const text = payloads
      .slice(0, -1)
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(JSON.parse(text)).toEqual({ city: 'Paris', temperature: 21 });
  });
});

describe('OpenAI errors', () => {
  it.each([
    [
      400,
      {
        message: "This model's maximum context length is 128000 tokens.",
        code: 'context_length_exceeded',
        param: 'messages',
      },
      'invalid_request_error',
    ],
    [
      401,
      { message: 'Incorrect API key provided.', code: 'invalid_api_key' },
      'invalid_request_error',
    ],
    [
      403,
      {
        message: 'Country, region, or territory not supported',
        code: 'unsupported_country_region_territory',
        type: 'request_forbidden',
      },
      'request_forbidden',
    ],
    [
      404,
      {
        message: 'The model `gpt-9` does not exist or you do not have access to it.',
        code: 'model_not_found',
      },
      'invalid_request_error',
    ],
    [500, { message: 'The server had an error while processing your request.' }, 'server_error'],
    [502, { message: 'Bad gateway.' }, 'server_error'],
    [
      503,
      { message: 'The engine is currently overloaded, please try again later.' },
      'server_error',
    ],
  ] as const)('answers %i in the OpenAI envelope', async (status, options, type) => {
    server.enqueue(openai.error(status, options));
    const response = await ask({ stream: true });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      error: {
        message: options.message,
        type,
        param: 'param' in options ? options.param : null,
        code: 'code' in options ? options.code : null,
      },
    });
  });

  it('pretty-prints the error body like api.openai.com', async () => {
    server.enqueue(openai.error(404, { message: 'Not here', code: 'model_not_found' }));
    expect(await (await ask()).text()).toMatchInlineSnapshot(`
      "{
          "error": {
              "message": "Not here",
              "type": "invalid_request_error",
              "param": null,
              "code": "model_not_found"
          }
      }
      "
    `);
  });

  it('adds extra headers', async () => {
    server.enqueue(openai.error(503, { message: 'Busy', headers: { 'retry-after': '7' } }));
    expect((await ask()).headers.get('retry-after')).toBe('7');
  });

  it('rejects statuses that are not errors', () => {
    expect(() => openai.error(200, { message: 'x' })).toThrow(/from 400 to 599/);
  });

  it('answers 429 throttling with retry-after and x-ratelimit-* headers', async () => {
    server.enqueue(openai.rateLimited());
    const response = await ask();
    expect(response.status).toBe(429);
    expect(wireHeaders(response)).toMatchObject({
      'retry-after': '1',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '0s',
    });
    expect(response.headers.has('retry-after-ms')).toBe(false);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "rate_limit_exceeded",
          "message": "Rate limit reached for gpt-4o-mini in organization org-fakeserver on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.",
          "param": null,
          "type": "requests",
        },
      }
    `);
  });

  it('sends retry-after-ms and the scripted reset headers', async () => {
    server.enqueue(
      openai.rateLimited({ retryAfterMs: 1500, resetTokens: '6m0s', remainingTokens: 0 }),
    );
    const response = await ask();
    expect(wireHeaders(response)).toMatchObject({
      'retry-after': '2',
      'retry-after-ms': '1500',
      'x-ratelimit-reset-requests': '1.5s',
      'x-ratelimit-reset-tokens': '6m0s',
      'x-ratelimit-remaining-tokens': '0',
    });
  });

  it('sends only the reset headers when only they are scripted', async () => {
    server.enqueue(openai.rateLimited({ resetRequests: '20s' }));
    const response = await ask();
    expect(response.headers.has('retry-after')).toBe(false);
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('20s');
  });

  it('answers 429 insufficient_quota without retry headers', async () => {
    server.enqueue(openai.quotaExhausted());
    const response = await ask();
    expect(response.status).toBe(429);
    expect(response.headers.has('retry-after')).toBe(false);
    expect(await response.json()).toMatchObject({
      error: { type: 'insufficient_quota', code: 'insufficient_quota' },
    });
  });
});

describe('openai.streamError', () => {
  it('sends an error object inside a 200 stream after N chunks, without [DONE]', async () => {
    server.enqueue(
      openai.streamError(
        { message: 'The server had an error' },
        { afterChunks: 2, text: 'Hello there world' },
      ),
    );
    const response = await ask({ stream: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatchInlineSnapshot(`
      "data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"obfuscation":"fake"}

      data: {"id":"chatcmpl-fake000001","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","service_tier":"default","system_fingerprint":"fp_fakeserver","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"obfuscation":"fake"}

      data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}

      "
    `);
  });

  it('can fail before the first chunk', async () => {
    server.enqueue(
      openai.streamError({ message: 'Overloaded', type: 'server_error', code: 'overloaded' }),
    );
    expect(openAIPayloads(await (await ask()).text())).toEqual([
      { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' } },
    ]);
  });
});

describe('openai.raw', () => {
  it('sends exact bytes with the scripted status and headers', async () => {
    server.enqueue(
      openai.raw({
        status: 418,
        headers: { 'content-type': 'text/plain' },
        body: 'short and stout',
      }),
    );
    const response = await ask();
    expect(response.status).toBe(418);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('short and stout');
  });

  it('streams chunks as given', async () => {
    server.enqueue(
      openai.raw({ chunks: ['data: {"a":1}\n\n', ': comment\n\n', 'data: [DONE]\n\n'] }),
    );
    const response = await ask({ stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('data: {"a":1}\n\n: comment\n\ndata: [DONE]\n\n');
  });

  it('needs exactly one of body or chunks', () => {
    expect(() => openai.raw({})).toThrow(/exactly one of body or chunks/);
  });
});
