import {
  OverloadedError,
  ResponseValidationError,
  StructuredOutputError,
  type ChatStreamPart,
} from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import {
  AnthropicStreamMapper,
  type AnthropicStreamContext,
  type AnthropicStreamEvent,
} from './anthropic-stream-mapper.ts';

const base: AnthropicStreamContext = {
  provider: 'anthropic',
  modelId: 'claude-sonnet-4-5',
  headers: { 'request-id': 'req_1' },
  secrets: [],
  structuredOutput: undefined,
  structuredToolName: undefined,
  tools: undefined,
};

function run(events: AnthropicStreamEvent[], context: Partial<AnthropicStreamContext> = {}) {
  const mapper = new AnthropicStreamMapper({ ...base, ...context });
  const parts: ChatStreamPart[] = [];
  for (const event of events) mapper.push(event, parts);
  return { parts, done: mapper.done };
}

const start: AnthropicStreamEvent = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    model: 'claude-sonnet-4-5-20250929',
    usage: { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 3 },
  },
};
const stop = (reason: string, usage = { output_tokens: 9 }): AnthropicStreamEvent[] => [
  { type: 'message_delta', delta: { stop_reason: reason, stop_sequence: null }, usage },
  { type: 'message_stop' },
];

describe('AnthropicStreamMapper', () => {
  it('maps a text stream, ignores ping and finishes with merged usage', () => {
    const { parts, done } = run([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      ...stop('end_turn'),
    ]);
    expect(done).toBe(true);
    expect(parts).toEqual([
      {
        type: 'response-metadata',
        id: 'msg_1',
        modelId: 'claude-sonnet-4-5-20250929',
        usage: {
          inputTokens: 15,
          outputTokens: 1,
          cacheReadTokens: 3,
          cacheWriteTokens: undefined,
          reasoningTokens: undefined,
        },
      },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hel' },
      { type: 'text-delta', id: '0', delta: 'lo' },
      { type: 'text-end', id: '0' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: {
          inputTokens: 15,
          outputTokens: 9,
          cacheReadTokens: 3,
          cacheWriteTokens: undefined,
          reasoningTokens: undefined,
        },
      },
    ]);
  });

  it('maps thinking with its signature, and redacted thinking as opaque data', () => {
    const { parts } = run([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'Let me think.' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'EqQB' },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'redacted_thinking', data: 'opaque' },
      },
      { type: 'content_block_stop', index: 1 },
      ...stop('end_turn'),
    ]);
    expect(parts.slice(1, -1)).toEqual([
      { type: 'reasoning-start', id: '0' },
      { type: 'reasoning-delta', id: '0', delta: 'Let me think.' },
      { type: 'reasoning-end', id: '0', signature: 'EqQB' },
      { type: 'reasoning-start', id: '1' },
      { type: 'reasoning-end', id: '1', redactedData: 'opaque' },
    ]);
  });

  it('streams tool input deltas and ends with the parsed tool call', () => {
    const { parts } = run([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"city":' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_2', name: 'noop' },
      },
      { type: 'content_block_stop', index: 1 },
      ...stop('tool_use'),
    ]);
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call-start', toolCallId: 'toolu_1', toolName: 'get_weather' },
      { type: 'tool-call-delta', toolCallId: 'toolu_1', delta: '{"city":' },
      { type: 'tool-call-delta', toolCallId: 'toolu_1', delta: '"Paris"}' },
      { type: 'tool-call-end', toolCallId: 'toolu_1' },
      {
        type: 'tool-call',
        toolCallId: 'toolu_1',
        toolName: 'get_weather',
        input: { city: 'Paris' },
      },
      { type: 'tool-call-start', toolCallId: 'toolu_2', toolName: 'noop' },
      { type: 'tool-call-end', toolCallId: 'toolu_2' },
      { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'noop', input: {} },
      expect.objectContaining({
        type: 'finish',
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      }),
    ]);
  });

  it('streams the forced structured-output tool as text and finishes with stop', () => {
    const { parts } = run(
      [
        start,
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'tool_use', id: 'toolu_1', name: 'json' },
        },
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"a":' },
        },
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '1}' },
        },
        { type: 'content_block_stop', index: 0 },
        ...stop('tool_use'),
      ],
      { structuredOutput: 'tool', structuredToolName: 'json' },
    );
    expect(parts.slice(1)).toEqual([
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: '{"a":' },
      { type: 'text-delta', id: '0', delta: '1}' },
      { type: 'text-end', id: '0' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'tool_use' },
        usage: expect.any(Object),
        providerMetadata: { anthropic: { structuredOutput: 'tool' } },
      },
    ]);
  });

  it('skips server-tool blocks and citation deltas', () => {
    const { parts } = run([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'web_search_tool_result' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'citations_delta' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Found.' } },
      { type: 'content_block_stop', index: 2 },
      ...stop('end_turn'),
    ]);
    expect(parts.slice(1, -1)).toEqual([
      { type: 'text-start', id: '2' },
      { type: 'text-delta', id: '2', delta: 'Found.' },
      { type: 'text-end', id: '2' },
    ]);
  });

  it('reports the stop sequence, refusal details and finish reasons in provider metadata', () => {
    const { parts } = run([
      start,
      {
        type: 'message_delta',
        delta: {
          stop_reason: 'refusal',
          stop_details: { type: 'refusal', category: 'cyber', explanation: null },
        },
        usage: { output_tokens: 0 },
      },
      { type: 'message_stop' },
    ]);
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'content-filter', raw: 'refusal' },
      providerMetadata: { anthropic: { stopDetails: { category: 'cyber' } } },
    });
    const sequence = run([
      start,
      { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } },
      { type: 'message_stop' },
    ]);
    expect(sequence.parts.at(-1)).toMatchObject({
      providerMetadata: { anthropic: { stopSequence: 'END' } },
    });
  });

  it('throws a typed error when max_tokens cuts a tool call (no content_block_stop, as recorded)', () => {
    const mapper = new AnthropicStreamMapper(base);
    const parts: ChatStreamPart[] = [];
    for (const event of [
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'make_file' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"filename": "tax' },
      },
    ] as AnthropicStreamEvent[]) {
      mapper.push(event, parts);
    }
    let error: unknown;
    try {
      mapper.push(
        {
          type: 'message_delta',
          delta: { stop_reason: 'max_tokens' },
          usage: { output_tokens: 124 },
        },
        parts,
      );
    } catch (caught) {
      error = caught;
    }
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputError).text).toBe('{"filename": "tax');
    expect((error as Error).message).toContain("tool 'make_file'");
  });

  it('refuses a tool call cut by max_tokens even when content_block_stop came before the stop reason', () => {
    const tool = (json: string, index = 1): AnthropicStreamEvent[] => [
      {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: `toolu_${index}`, name: 'make_file' },
      },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } },
      {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json },
      },
      { type: 'content_block_stop', index },
    ];
    const mapper = new AnthropicStreamMapper(base);
    const parts: ChatStreamPart[] = [];
    const events = [start, ...tool('{"name": "a.txt", "lines": ["x'), ...stop('max_tokens')];
    let error: unknown;
    try {
      for (const event of events) mapper.push(event, parts);
    } catch (caught) {
      error = caught;
    }
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputError).text).toBe('{"name": "a.txt", "lines": ["x');
    // The call was never delivered, not even with its raw text.
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([]);
    expect(parts.at(-1)).toEqual({ type: 'tool-call-end', toolCallId: 'toolu_1' });

    // A whole call is delivered at once, and the answer finishes with reason length.
    const whole = run([start, ...tool('{"name": "a.txt"}'), ...stop('max_tokens')]);
    expect(whole.parts).toContainEqual({
      type: 'tool-call',
      toolCallId: 'toolu_1',
      toolName: 'make_file',
      input: { name: 'a.txt' },
    });
    expect(whole.parts.at(-1)).toMatchObject({ finishReason: { unified: 'length' } });

    // A call lacking a property its schema requires is cut too, as generate() judges it.
    const tools = [{ name: 'make_file', input_schema: { required: ['name', 'lines'] } }];
    expect(() =>
      run([start, ...tool('{"name": "a.txt"}'), ...stop('max_tokens')], { tools }),
    ).toThrow(StructuredOutputError);
    // Another stop reason delivers the same call, held back until the reason was known.
    const other = run([start, ...tool('{"name": "a.txt"}'), ...stop('tool_use')], { tools });
    expect(other.parts.map((part) => part.type).slice(-3)).toEqual([
      'tool-call-end',
      'tool-call',
      'finish',
    ]);
  });

  it('refuses a structured answer (forced tool) cut by max_tokens after its block closed', () => {
    const events: AnthropicStreamEvent[] = [
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'json' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"a": [1,' },
      },
      { type: 'content_block_stop', index: 0 },
      ...stop('max_tokens'),
    ];
    expect(() => run(events, { structuredOutput: 'tool', structuredToolName: 'json' })).toThrow(
      /before the structured answer was complete/,
    );
  });

  it('keeps blocks by index in a map: a huge index costs nothing, a bad one is refused', () => {
    const block = (index: unknown): AnthropicStreamEvent[] => [
      {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      } as AnthropicStreamEvent,
      {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: 'x' },
      } as AnthropicStreamEvent,
      { type: 'content_block_stop', index } as AnthropicStreamEvent,
    ];
    // The largest array index: a sparse array kept by index would be walked
    // at message_stop for minutes, with the event loop blocked.
    const { parts, done } = run([start, ...block(4_294_967_294), ...block(3), ...stop('end_turn')]);
    expect(done).toBe(true);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2, '7']) {
      expect(() => run([start, ...block(bad)])).toThrow(ResponseValidationError);
    }
    // A block started again while open is refused; a closed index may start again.
    expect(() => run([start, block(0)[0]!, block(0)[0]!])).toThrow(
      /started content block 0 again while it was open/,
    );
    expect(run([start, ...block(0), ...block(0), ...stop('end_turn')]).done).toBe(true);
  });

  it('refuses an implausible number of blocks open at once', () => {
    const events: AnthropicStreamEvent[] = [start];
    for (let index = 0; index <= 1024; index++) {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
    }
    expect(() => run(events)).toThrow(/more than 1024 content blocks at once/);
  });

  it('throws a typed error when max_tokens cuts a native structured answer', () => {
    expect(() =>
      run(
        [
          start,
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: '{"items":[' },
          },
          { type: 'content_block_stop', index: 0 },
          ...stop('max_tokens'),
        ],
        { structuredOutput: 'native' },
      ),
    ).toThrow(StructuredOutputError);
  });

  it('delivers tool input that is not JSON as raw text when max_tokens was not the cause', () => {
    const { parts } = run([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 't' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"a":' },
      },
      { type: 'content_block_stop', index: 0 },
      ...stop('tool_use'),
    ]);
    expect(parts).toContainEqual({
      type: 'tool-call',
      toolCallId: 'toolu_1',
      toolName: 't',
      input: '{"a":',
    });
  });

  it('closes blocks the provider left open at message_stop', () => {
    const { parts } = run([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } },
      ...stop('end_turn'),
    ]);
    expect(parts.slice(1).map((part) => part.type)).toEqual([
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
  });

  it('finishes at the end of the events when only message_stop is missing, not before message_delta', () => {
    const mapper = new AnthropicStreamMapper(base);
    const parts: ChatStreamPart[] = [];
    mapper.push(start, parts);
    mapper.push(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } },
      parts,
    );
    expect(mapper.end(parts)).toBe(false);
    mapper.push(
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
      parts,
    );
    expect(mapper.end(parts)).toBe(true);
    expect(mapper.done).toBe(true);
    expect(parts.slice(-2).map((part) => part.type)).toEqual(['text-end', 'finish']);
  });

  it('throws the classified error of an in-band error event', () => {
    expect(() =>
      run([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]),
    ).toThrow(OverloadedError);
  });

  it('rejects a delta for a block that never started', () => {
    expect(() =>
      run([
        start,
        { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'x' } },
      ]),
    ).toThrow(ResponseValidationError);
  });
});
