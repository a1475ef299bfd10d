import {
  ConnectionError,
  LlmError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  type ChatStreamPart,
} from '@org/llm-core';
import { checkStreamParts } from '@org/llm-testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenAIStreamMapper, type OpenAIStreamEvent } from './openai-stream-mapper.ts';

const base = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
};

function chunk(
  choice: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    ...base,
    choices: choice === undefined ? [] : [{ index: 0, ...choice }],
    ...extra,
  });
}

function mapper(): OpenAIStreamMapper {
  return new OpenAIStreamMapper({
    provider: 'openai',
    modelId: 'gpt-4o-mini',
    headers: { 'x-request-id': 'req_1' },
    secrets: ['sk-secret-key-123456'],
  });
}

/** Maps `data` payloads (and `[DONE]`), then ends the body; returns every part. */
function run(
  payloads: readonly (string | OpenAIStreamEvent)[],
  options: { end?: boolean } = {},
): ChatStreamPart[] {
  const target = mapper();
  const parts: ChatStreamPart[] = [];
  for (const payload of payloads) {
    target.push(typeof payload === 'string' ? { event: 'message', data: payload } : payload, parts);
  }
  if (options.end !== false) target.end(parts);
  return parts;
}

function failure(payloads: readonly (string | OpenAIStreamEvent)[]): unknown {
  try {
    run(payloads);
  } catch (error) {
    return error;
  }
  throw new Error('expected the stream to fail');
}

const choice = fc.record(
  {
    index: fc.oneof(fc.constant(0), fc.jsonValue()),
    delta: fc.oneof(
      fc.record(
        {
          content: fc.oneof(fc.string(), fc.jsonValue()),
          refusal: fc.jsonValue(),
          reasoning_content: fc.jsonValue(),
          tool_calls: fc.oneof(
            fc.array(
              fc.record(
                {
                  index: fc.oneof(fc.nat(3), fc.jsonValue()),
                  id: fc.jsonValue(),
                  function: fc.oneof(
                    fc.record(
                      { name: fc.jsonValue(), arguments: fc.jsonValue() },
                      { requiredKeys: [] },
                    ),
                    fc.jsonValue(),
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    finish_reason: fc.jsonValue(),
    logprobs: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** Chunk payloads: mostly chunk-shaped objects with values of any JSON type, then any JSON, then any text. */
const payload = fc.oneof(
  fc
    .record(
      {
        choices: fc.oneof(fc.array(choice, { maxLength: 3 }), fc.jsonValue()),
        usage: fc.jsonValue(),
        id: fc.jsonValue(),
        model: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string(),
);

describe('OpenAIStreamMapper', () => {
  it('maps a text stream with its usage chunk to a valid part sequence', () => {
    const parts = run([
      chunk(
        { delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null },
        { usage: null },
      ),
      chunk({ delta: { content: 'Hello' }, finish_reason: null }),
      chunk({ delta: { content: ' world' }, finish_reason: null }),
      chunk(
        { delta: {}, finish_reason: 'stop' },
        { system_fingerprint: 'fp_1', service_tier: 'default' },
      ),
      chunk(undefined, {
        usage: {
          prompt_tokens: 20,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 8 },
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      }),
      '[DONE]',
    ]);
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts).toMatchInlineSnapshot(`
      [
        {
          "id": "chatcmpl-1",
          "modelId": "gpt-4o-mini-2024-07-18",
          "type": "response-metadata",
        },
        {
          "id": "text-0",
          "type": "text-start",
        },
        {
          "delta": "Hello",
          "id": "text-0",
          "type": "text-delta",
        },
        {
          "delta": " world",
          "id": "text-0",
          "type": "text-delta",
        },
        {
          "id": "text-0",
          "type": "text-end",
        },
        {
          "finishReason": {
            "raw": "stop",
            "unified": "stop",
          },
          "providerMetadata": {
            "openai": {
              "serviceTier": "default",
              "systemFingerprint": "fp_1",
            },
          },
          "type": "finish",
          "usage": {
            "cacheReadTokens": 8,
            "cacheWriteTokens": undefined,
            "inputTokens": 20,
            "outputTokens": 5,
            "reasoningTokens": 2,
          },
        },
      ]
    `);
  });

  it('streams parallel tool calls, interleaved by index, and completes them at the finish reason', () => {
    const call = (index: number, fields: Record<string, unknown>) =>
      chunk({ delta: { tool_calls: [{ index, ...fields }] } });
    const parts = run([
      call(0, { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }),
      call(1, {
        id: 'call_b',
        type: 'function',
        function: { name: 'get_time', arguments: '{"tz":' },
      }),
      call(0, { function: { arguments: '{"city":' } }),
      call(1, { function: { arguments: '"UTC"}' } }),
      call(0, { function: { arguments: '"Paris"}' } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      '[DONE]',
    ]);
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts.map((part) => part.type)).toEqual([
      'response-metadata',
      'tool-call-start',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
      'tool-call',
      'tool-call-end',
      'tool-call',
      'finish',
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_a',
        toolName: 'get_weather',
        input: { city: 'Paris' },
      },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', input: { tz: 'UTC' } },
    ]);
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    });
  });

  it('gives the raw text for arguments that are not JSON, and {} for empty ones', () => {
    const parts = run([
      chunk({
        delta: {
          tool_calls: [{ index: 0, id: 'c1', function: { name: 'a', arguments: '{"broken' } }],
        },
      }),
      chunk({
        delta: { tool_calls: [{ index: 1, id: 'c2', function: { name: 'b', arguments: '' } }] },
      }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call').map((part) => part.input)).toEqual([
      '{"broken',
      {},
    ]);
  });

  it('continues a call whose delta repeats its id and name (OpenRouter), and starts a new one for a new id at a used index', () => {
    const parts = run([
      chunk({
        delta: {
          tool_calls: [
            {
              index: 0,
              id: '0',
              type: 'function',
              function: { name: 'llm_version', arguments: '' },
            },
          ],
        },
      }),
      chunk({
        delta: {
          tool_calls: [
            {
              index: 0,
              id: '0',
              type: 'function',
              function: { name: 'llm_version', arguments: '{}' },
            },
          ],
        },
      }),
      chunk({
        delta: {
          tool_calls: [
            { index: 0, id: 'second', function: { name: 'other', arguments: '{"n":1}' } },
          ],
        },
      }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
    ]);
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: '0', toolName: 'llm_version', input: {} },
      { type: 'tool-call', toolCallId: 'second', toolName: 'other', input: { n: 1 } },
    ]);
  });

  it('makes up an id for a tool call that has none and takes the position when index is missing', () => {
    const parts = run([
      chunk({ delta: { tool_calls: [{ function: { name: 'a', arguments: '{}' } }] } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
    ]);
    expect(parts.find((part) => part.type === 'tool-call')).toEqual({
      type: 'tool-call',
      toolCallId: 'call_0',
      toolName: 'a',
      input: {},
    });
  });

  it.each<[string, string, string]>([
    [
      'a tool call without a name',
      chunk({ delta: { tool_calls: [{ index: 0, id: 'c', function: { arguments: '{}' } }] } }),
      'choices[0].delta.tool_calls[0].function.name is missing in the first delta of tool call 0',
    ],
    [
      'content that is not a string',
      chunk({ delta: { content: 42 } }),
      'choices[0].delta.content must be a string or null',
    ],
    [
      'choices that are not an array',
      JSON.stringify({ ...base, choices: {} }),
      'choices must be an array',
    ],
    ['a delta that is not an object', chunk({ delta: 'hi' }), 'choices[0].delta must be an object'],
    [
      'a finish reason that is not a string',
      chunk({ delta: {}, finish_reason: 1 }),
      'choices[0].finish_reason must be a string',
    ],
    [
      'tool calls that are not an array',
      chunk({ delta: { tool_calls: 'x' } }),
      'choices[0].delta.tool_calls must be an array',
    ],
    [
      'arguments that are not a string',
      chunk({
        delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'a', arguments: {} } }] },
      }),
      'choices[0].delta.tool_calls[0].function.arguments must be a string',
    ],
    ['a chunk that is not an object', '[1,2]', 'the chunk must be a JSON object'],
  ])('rejects %s with a ResponseValidationError naming the field', (_name, data, message) => {
    const error = failure([chunk({ delta: { role: 'assistant' } }), data]);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`chunk #1 for 'gpt-4o-mini': ${message}`);
  });

  it('rejects data that is not JSON, quoting it without the API key', () => {
    const error = failure(['{"id": "x", sk-secret-key-123456']);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('whose data is not JSON');
    expect((error as Error).message).not.toContain('sk-secret-key-123456');
  });

  it('reports a refusal as a content-filter finish with the refusal text, not as text', () => {
    const parts = run([
      chunk({ delta: { role: 'assistant', content: null, refusal: '' } }),
      chunk({ delta: { refusal: "I'm sorry, " } }),
      chunk({ delta: { refusal: 'I cannot help with that.' } }),
      chunk({ delta: {}, finish_reason: 'stop' }),
      '[DONE]',
    ]);
    expect(parts.some((part) => part.type.startsWith('text'))).toBe(false);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'content-filter', raw: 'stop' },
      providerMetadata: { openai: { refusal: "I'm sorry, I cannot help with that." } },
    });
  });

  it('maps reasoning_content (DeepSeek, vLLM) to a reasoning block that closes when the answer starts', () => {
    const parts = run([
      chunk({ delta: { reasoning_content: 'Think' } }),
      chunk({ delta: { reasoning: ' more' } }),
      chunk({ delta: { content: 'Answer' } }),
      chunk({ delta: {}, finish_reason: 'stop' }),
    ]);
    expect(checkStreamParts(parts)).toEqual([]);
    expect(parts.slice(1, 6)).toEqual([
      { type: 'reasoning-start', id: 'reasoning-0' },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: 'Think' },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: ' more' },
      { type: 'reasoning-end', id: 'reasoning-0' },
      { type: 'text-start', id: 'text-1' },
    ]);
  });

  it('completes a stream that ends after its finish reason without [DONE]', () => {
    const parts = run([
      chunk({ delta: { content: 'ok' } }),
      chunk({ delta: {}, finish_reason: 'length' }),
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'length', raw: 'length' },
    });
  });

  it('fails with a ConnectionError when the body ends before any finish reason or [DONE]', () => {
    const error = failure([chunk({ delta: { content: 'cut' } })]);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).isRetryable).toBe(true);
    expect((error as Error).message).toContain(
      'ended after 1 chunk(s) without a finish_reason or [DONE]',
    );
  });

  it('infers the finish reason when a server sends [DONE] without one', () => {
    const text = run([chunk({ delta: { content: 'ok' } }), '[DONE]']);
    expect(text.at(-1)).toMatchObject({ finishReason: { unified: 'stop', raw: undefined } });
    const tools = run([
      chunk({
        delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'a', arguments: '{}' } }] },
      }),
      '[DONE]',
    ]);
    expect(checkStreamParts(tools)).toEqual([]);
    expect(tools.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: undefined } });
  });

  it('ignores everything after [DONE]', () => {
    const target = mapper();
    const parts: ChatStreamPart[] = [];
    target.push(
      {
        event: 'message',
        data: chunk({ delta: { content: 'a' }, finish_reason: 'stop' }),
      },
      parts,
    );
    target.push({ event: 'message', data: '[DONE]' }, parts);
    expect(target.done).toBe(true);
    target.push({ event: 'message', data: 'not json' }, parts);
    target.end(parts);
    expect(checkStreamParts(parts)).toEqual([]);
  });

  it('throws the classified error of an error object inside the stream', () => {
    const error = failure([
      chunk({ delta: { content: 'partial' } }),
      JSON.stringify({
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          code: null,
        },
      }),
    ]);
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).isRetryable).toBe(true);
    expect((error as ServerError).requestId).toBe('req_1');
    expect((error as Error).message).toContain('sent an error inside a successful response');
  });

  it('classifies an `event: error` whose data is not JSON', () => {
    const error = failure([{ event: 'error', data: 'rate_limit_exceeded: slow down' }]);
    expect(LlmError.isInstance(error)).toBe(true);
    const quota = failure([
      JSON.stringify({
        error: {
          message: 'You exceeded your current quota',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      }),
    ]);
    expect(RateLimitError.isInstance(quota)).toBe(true);
    expect((quota as RateLimitError).kind).toBe('quota-exhausted');
    expect((quota as RateLimitError).isRetryable).toBe(false);
  });

  it('waits for a chunk that names the response before sending response-metadata (Azure sends an empty first chunk)', () => {
    const parts = run([
      JSON.stringify({
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: [],
      }),
      chunk({ delta: { content: 'x' }, finish_reason: 'stop' }),
    ]);
    expect(parts[0]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-1',
      modelId: 'gpt-4o-mini-2024-07-18',
    });
    expect(parts.filter((part) => part.type === 'response-metadata')).toHaveLength(1);
  });

  it('maps only choice 0 of an n > 1 stream', () => {
    const two = (index: number, content: string, finish: string | null = null) =>
      JSON.stringify({ ...base, choices: [{ index, delta: { content }, finish_reason: finish }] });
    const parts = run([two(0, 'zero'), two(1, 'one'), two(1, '!', 'stop'), two(0, '.', 'stop')]);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'zero',
      '.',
    ]);
  });

  it('collects logprobs into providerMetadata', () => {
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: [1], top_logprobs: [] });
    const parts = run([
      chunk({ delta: { content: 'a' }, logprobs: { content: [token('a')] } }),
      chunk({
        delta: { content: 'b' },
        logprobs: { content: [token('b')] },
        finish_reason: 'stop',
      }),
    ]);
    expect(parts.at(-1)).toMatchObject({
      providerMetadata: { openai: { logprobs: [token('a'), token('b')] } },
    });
  });

  it('throws nothing but LlmErrors, whatever JSON a chunk holds', () => {
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 6 }), (payloads) => {
        try {
          const parts = run(payloads);
          expect(checkStreamParts(parts)).toEqual([]);
        } catch (error) {
          expect(LlmError.isInstance(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  describe('pushChunk (chunks parsed already, as the openai SDK yields them)', () => {
    /** What a mapper gives for `payloads`: its parts, or its error's class and message. */
    function outcome(map: (target: OpenAIStreamMapper, parts: ChatStreamPart[]) => void): unknown {
      const target = mapper();
      const parts: ChatStreamPart[] = [];
      try {
        map(target, parts);
        target.end(parts);
        return parts;
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message };
      }
    }

    it('maps any JSON payload exactly as push maps its SSE event', () => {
      // Canonical JSON only: a message about a chunk that is not an object quotes
      // the raw data, which push has (' 1') and pushChunk rebuilds ('1').
      const json = payload.filter((text) => {
        try {
          return JSON.stringify(JSON.parse(text)) === text;
        } catch {
          return false;
        }
      });
      fc.assert(
        fc.property(fc.array(json, { maxLength: 6 }), (payloads) => {
          const pushed = outcome((target, parts) => {
            for (const data of payloads) target.push({ event: 'message', data }, parts);
          });
          const chunked = outcome((target, parts) => {
            for (const data of payloads) target.pushChunk(JSON.parse(data), parts);
          });
          expect(chunked).toEqual(pushed);
        }),
        { numRuns: 300 },
      );
    });

    it('maps a complete stream and counts a stream without a finish reason as cut', () => {
      const complete = outcome((target, parts) => {
        target.pushChunk(JSON.parse(chunk({ delta: { content: 'ok' } })), parts);
        target.pushChunk(JSON.parse(chunk({ delta: {}, finish_reason: 'stop' })), parts);
      });
      expect(checkStreamParts(complete as ChatStreamPart[])).toEqual([]);
      expect((complete as ChatStreamPart[]).at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
      });
      const cut = outcome((target, parts) => {
        target.pushChunk(JSON.parse(chunk({ delta: { content: 'cut' } })), parts);
      });
      expect(cut).toEqual({
        name: 'ConnectionError',
        message: expect.stringContaining(
          'ended after 1 chunk(s) without a finish_reason',
        ) as string,
      });
    });

    it('names a chunk that is not an object by its JSON text', () => {
      const error = outcome((target, parts) => {
        target.pushChunk([1, 2], parts);
      });
      expect(error).toEqual({
        name: 'ResponseValidationError',
        message: expect.stringContaining(
          'chunk #0 for \'gpt-4o-mini\': the chunk must be a JSON object, got "[1,2]"',
        ) as string,
      });
    });
  });
});
