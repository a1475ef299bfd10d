import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-scripts.ts';
import {
  createFakeProviderServer,
  type FakeProviderServer,
} from './create-fake-provider-server.ts';
import { openai } from './openai-scripts.ts';
import { anthropicEvents, fixedNow, postJson, wireHeaders } from './test-support/wire-client.ts';

let server: FakeProviderServer;
let url: string;

beforeAll(async () => {
  server = await createFakeProviderServer({ now: fixedNow });
  url = `${server.anthropicBaseURL}/v1/messages`;
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const ask = (extra: Record<string, unknown> = {}) =>
  postJson(url, {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Hi' }],
    ...extra,
  });

/** The events of a stream as `name` plus the most telling part of the data. */
const outline = (text: string) =>
  anthropicEvents(text).map(({ event, data }) => {
    const record = data as Record<string, unknown>;
    return [
      event,
      record.delta ?? record.content_block ?? (event === 'message_start' ? '…' : undefined),
    ];
  });

describe('anthropic.text', () => {
  it('answers a message object with usage and Anthropic headers', async () => {
    server.enqueue(
      anthropic.text('Hello world', { usage: { inputTokens: 12, cacheReadInputTokens: 100 } }),
    );
    const response = await ask();
    expect(response.status).toBe(200);
    expect(wireHeaders(response)).toMatchInlineSnapshot(`
      {
        "anthropic-organization-id": "00000000-0000-4000-8000-fa4e5e77e700",
        "anthropic-ratelimit-input-tokens-limit": "2000000",
        "anthropic-ratelimit-input-tokens-remaining": "2000000",
        "anthropic-ratelimit-input-tokens-reset": "2026-01-01T00:00:01Z",
        "anthropic-ratelimit-output-tokens-limit": "400000",
        "anthropic-ratelimit-output-tokens-remaining": "400000",
        "anthropic-ratelimit-output-tokens-reset": "2026-01-01T00:00:01Z",
        "anthropic-ratelimit-requests-limit": "4000",
        "anthropic-ratelimit-requests-remaining": "3999",
        "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:01Z",
        "anthropic-ratelimit-tokens-limit": "2000000",
        "anthropic-ratelimit-tokens-remaining": "2000000",
        "anthropic-ratelimit-tokens-reset": "2026-01-01T00:00:01Z",
        "content-length": "447",
        "content-type": "application/json",
        "request-id": "req_fake000001",
        "x-robots-tag": "none",
      }
    `);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "content": [
          {
            "text": "Hello world",
            "type": "text",
          },
        ],
        "id": "msg_fake000001",
        "model": "claude-sonnet-4-5",
        "role": "assistant",
        "stop_details": null,
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "type": "message",
        "usage": {
          "cache_creation": {
            "ephemeral_1h_input_tokens": 0,
            "ephemeral_5m_input_tokens": 0,
          },
          "cache_creation_input_tokens": 0,
          "cache_read_input_tokens": 100,
          "inference_geo": "not_available",
          "input_tokens": 12,
          "output_tokens": 2,
          "service_tier": "standard",
        },
      }
    `);
  });

  it('streams message_start, a text block with a ping, message_delta and message_stop', async () => {
    server.enqueue(
      anthropic.text('Hello world!', { usage: { inputTokens: 7, cacheCreationInputTokens: 3 } }),
    );
    const response = await ask({ stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toMatchInlineSnapshot(`
      "event: message_start
      data: {"type":"message_start","message":{"model":"claude-sonnet-4-5","id":"msg_fake000001","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"cache_creation_input_tokens":3,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard","inference_geo":"not_available"}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: ping
      data: {"type": "ping"}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world!"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":7,"cache_creation_input_tokens":3,"cache_read_input_tokens":0,"output_tokens":2}}

      event: message_stop
      data: {"type":"message_stop"}

      "
    `);
  });

  it('reports stop sequences and other stop reasons', async () => {
    server.enqueue(
      anthropic.text('1, 2', { stopSequence: '3' }),
      anthropic.text('Cut', { stopReason: 'max_tokens' }),
    );
    expect(await (await ask()).json()).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: '3',
    });
    const events = anthropicEvents(await (await ask({ stream: true })).text());
    expect(events.find((event) => event.event === 'message_delta')?.data).toMatchObject({
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
    });
  });

  it('sends no content block for an empty refusal', async () => {
    server.enqueue(anthropic.text('', { stopReason: 'refusal' }));
    expect(outline(await (await ask({ stream: true })).text())).toEqual([
      ['message_start', '…'],
      ['ping', undefined],
      ['message_delta', { stop_reason: 'refusal', stop_sequence: null }],
      ['message_stop', undefined],
    ]);
  });
});

describe('anthropic.toolUse', () => {
  const uses = [
    { id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    { id: 'toolu_2', name: 'list_cities', input: {} },
  ];

  it('answers tool_use blocks after the text with stop_reason tool_use', async () => {
    server.enqueue(anthropic.toolUse(uses, { text: 'Let me check.' }));
    const body = (await (await ask()).json()) as Record<string, unknown>;
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_2', name: 'list_cities', input: {} },
    ]);
  });

  it('streams inputs as input_json_delta pieces, opening with an empty one', async () => {
    server.enqueue(anthropic.toolUse(uses));
    expect(outline(await (await ask({ stream: true })).text())).toMatchInlineSnapshot(`
      [
        [
          "message_start",
          "…",
        ],
        [
          "content_block_start",
          {
            "id": "toolu_1",
            "input": {},
            "name": "get_weather",
            "type": "tool_use",
          },
        ],
        [
          "ping",
          undefined,
        ],
        [
          "content_block_delta",
          {
            "partial_json": "",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": "{"city":",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": ""Paris"}",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_stop",
          undefined,
        ],
        [
          "content_block_start",
          {
            "id": "toolu_2",
            "input": {},
            "name": "list_cities",
            "type": "tool_use",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": "",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_stop",
          undefined,
        ],
        [
          "message_delta",
          {
            "stop_reason": "tool_use",
            "stop_sequence": null,
          },
        ],
        [
          "message_stop",
          undefined,
        ],
      ]
    `);
  });

  it('gives ids when none are scripted, and needs object inputs', async () => {
    server.enqueue(anthropic.toolUse([{ name: 'f', input: { a: 1 } }]));
    const body = (await (await ask()).json()) as { content: { id: string }[] };
    expect(body.content[0]!.id).toBe('toolu_fake000001');
    expect(() => anthropic.toolUse([])).toThrow(/at least one tool use/);
    expect(() => anthropic.toolUse([{ name: 'f', input: [1] as never }])).toThrow(
      /must be an object/,
    );
  });
});

describe('anthropic.thinking', () => {
  it('answers a thinking block with its signature before the text', async () => {
    server.enqueue(
      anthropic.thinking(
        { thinking: 'Paris is in France.', signature: 'sig-123' },
        { text: 'Paris.' },
      ),
    );
    expect(((await (await ask()).json()) as { content: unknown }).content).toEqual([
      { type: 'thinking', thinking: 'Paris is in France.', signature: 'sig-123' },
      { type: 'text', text: 'Paris.' },
    ]);
  });

  it('streams thinking_delta pieces, then one signature_delta', async () => {
    server.enqueue(
      anthropic.thinking(
        { thinking: 'Paris is in France.', signature: 'sig-123' },
        { toolUse: [{ id: 'toolu_9', name: 'lookup', input: { q: 'x' } }] },
      ),
    );
    expect(outline(await (await ask({ stream: true })).text())).toMatchInlineSnapshot(`
      [
        [
          "message_start",
          "…",
        ],
        [
          "content_block_start",
          {
            "signature": "",
            "thinking": "",
            "type": "thinking",
          },
        ],
        [
          "ping",
          undefined,
        ],
        [
          "content_block_delta",
          {
            "thinking": "Paris",
            "type": "thinking_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "thinking": " is",
            "type": "thinking_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "thinking": " in",
            "type": "thinking_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "thinking": " France.",
            "type": "thinking_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "signature": "sig-123",
            "type": "signature_delta",
          },
        ],
        [
          "content_block_stop",
          undefined,
        ],
        [
          "content_block_start",
          {
            "id": "toolu_9",
            "input": {},
            "name": "lookup",
            "type": "tool_use",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": "",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": "{"q":"x"",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_delta",
          {
            "partial_json": "}",
            "type": "input_json_delta",
          },
        ],
        [
          "content_block_stop",
          undefined,
        ],
        [
          "message_delta",
          {
            "stop_reason": "tool_use",
            "stop_sequence": null,
          },
        ],
        [
          "message_stop",
          undefined,
        ],
      ]
    `);
  });

  it('streams redacted thinking as an opaque block', async () => {
    server.enqueue(anthropic.thinking({ redacted: 'EqkECkYIBxgC' }, { text: 'Done.' }));
    const events = anthropicEvents(await (await ask({ stream: true })).text());
    expect(events[1]).toEqual({
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'redacted_thinking', data: 'EqkECkYIBxgC' },
      },
    });
    expect(events[3]).toEqual({
      event: 'content_block_stop',
      data: { type: 'content_block_stop', index: 0 },
    });
  });
});

describe('Anthropic errors', () => {
  it.each([
    [400, 'invalid_request_error', 'false'],
    [401, 'authentication_error', 'false'],
    [403, 'permission_error', 'false'],
    [404, 'not_found_error', 'false'],
    [413, 'request_too_large', 'false'],
    [429, 'rate_limit_error', 'true'],
    [500, 'api_error', 'true'],
    [529, 'overloaded_error', 'true'],
  ] as const)('answers %i %s in the Anthropic envelope', async (status, type, shouldRetry) => {
    server.enqueue(anthropic.error(status, { message: `failure ${String(status)}` }));
    const response = await ask({ stream: true });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-should-retry')).toBe(shouldRetry);
    const requestId = response.headers.get('request-id');
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type, message: `failure ${String(status)}` },
      request_id: requestId,
    });
  });

  it('answers 429 with retry-after and anthropic-ratelimit-* headers', async () => {
    server.enqueue(anthropic.rateLimited({ retryAfterSeconds: 30 }));
    const response = await ask();
    expect(response.status).toBe(429);
    const headers = wireHeaders(response);
    expect(headers).toMatchObject({
      'retry-after': '30',
      'x-should-retry': 'true',
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:30Z',
      'anthropic-ratelimit-tokens-remaining': '40000',
    });
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
  });

  it('sends the scripted reset times without a retry-after', async () => {
    server.enqueue(
      anthropic.rateLimited({ tokensReset: '2026-01-01T00:01:00Z', tokensRemaining: 0 }),
    );
    const response = await ask();
    expect(response.headers.has('retry-after')).toBe(false);
    expect(wireHeaders(response)).toMatchObject({
      'anthropic-ratelimit-tokens-reset': '2026-01-01T00:01:00Z',
      'anthropic-ratelimit-tokens-remaining': '0',
    });
  });

  it('answers overloaded as 529, or in band as the first event of a stream', async () => {
    server.enqueue(
      anthropic.overloaded(),
      anthropic.overloaded({ inBand: true }),
      anthropic.overloaded({ inBand: true }),
    );
    const http = await ask({ stream: true });
    expect(http.status).toBe(529);
    expect(await http.json()).toMatchObject({
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const inBand = await ask({ stream: true });
    expect(inBand.status).toBe(200);
    expect(await inBand.text()).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect((await ask()).status).toBe(529);
  });

  it('sends an error event after N events, without message_stop', async () => {
    server.enqueue(
      anthropic.streamError(
        { type: 'api_error', message: 'Internal server error' },
        { afterEvents: 4, text: 'Hello there' },
      ),
    );
    expect(outline(await (await ask()).text())).toEqual([
      ['message_start', '…'],
      ['content_block_start', { type: 'text', text: '' }],
      ['ping', undefined],
      ['content_block_delta', { type: 'text_delta', text: 'Hello' }],
      ['error', undefined],
    ]);
  });
});

describe('count_tokens and raw', () => {
  it('answers POST /v1/messages/count_tokens', async () => {
    server.enqueue(anthropic.countTokens(42));
    const response = await postJson(`${url}/count_tokens`, {
      model: 'claude-sonnet-4-5',
      messages: [],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_fake/);
    expect(await response.json()).toEqual({ input_tokens: 42 });
    expect(server.lastRequest.endpoint).toBe('anthropic-count-tokens');
  });

  it('is loud when count_tokens gets a messages script, or messages a count_tokens one', async () => {
    server.enqueue(anthropic.text('Hi'), anthropic.countTokens(1));
    const counting = await postJson(`${url}/count_tokens`, { model: 'm' });
    expect(counting.status).toBe(500);
    expect(await counting.json()).toMatchObject({
      type: 'error',
      error: {
        type: 'api_error',
        message: expect.stringContaining(
          'script anthropic.text("Hi") cannot answer request #1 POST /v1/messages/count_tokens (model m): it cannot answer anthropic-count-tokens.',
        ),
      },
    });
    expect((await ask()).status).toBe(500);
  });

  it('answers errors on count_tokens too', async () => {
    server.enqueue(anthropic.rateLimited());
    expect((await postJson(`${url}/count_tokens`, { model: 'm' })).status).toBe(429);
  });

  it('sends exact bytes', async () => {
    server.enqueue(
      anthropic.raw({
        chunks: [
          'event: ping\ndata: {"type":"ping"}\n\n',
          'event: message_stop\ndata: {"type":"message_stop"}\n\n',
        ],
      }),
    );
    const response = await ask({ stream: true });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.text()).toBe(
      'event: ping\ndata: {"type":"ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });
});

describe('the Anthropic wire in the server', () => {
  it('answers an unscripted request with a loud 500 in the Anthropic envelope', async () => {
    const response = await ask();
    expect(response.status).toBe(500);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'api_error',
        message:
          'Fake provider server: no script for request #1 POST /v1/messages (model claude-sonnet-4-5). Enqueue one with server.enqueue(...) or set server.handle(...).',
      },
      request_id: 'req_fake000001',
    });
  });

  it('is loud when an openai script reaches the Anthropic endpoint, and the other way round', async () => {
    server.enqueue(openai.text('Hi'), anthropic.text('Hi'));
    expect(await (await ask()).text()).toContain(
      'it speaks the openai wire, this endpoint the anthropic wire',
    );
    const response = await postJson(`${server.openaiBaseURL}/chat/completions`, {
      model: 'gpt-4o',
    });
    expect(await response.text()).toContain(
      'it speaks the anthropic wire, this endpoint the openai wire',
    );
  });

  it('answers unknown Anthropic routes 404 not_found_error', async () => {
    const response = await postJson(`${server.url}/v1/messages/batches`, {});
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: 'Not Found' },
    });
  });
});
