import { ResponseValidationError, StructuredOutputError } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import {
  anthropicMessageSchema,
  parseAnthropicResponse,
  type AnthropicMessage,
} from './anthropic-api.ts';
import { mapAnthropicResponse } from './map-anthropic-response.ts';

const context = {
  provider: 'anthropic',
  modelId: 'claude-sonnet-4-5',
  headers: { 'request-id': 'req_9' },
  warnings: [],
  structuredOutput: undefined,
  structuredToolName: undefined,
  tools: undefined,
};

function message(fields: Partial<Record<keyof AnthropicMessage, unknown>>): AnthropicMessage {
  return parseAnthropicResponse(
    anthropicMessageSchema,
    {
      id: 'msg_1',
      model: 'claude-sonnet-4-5-20250929',
      stop_reason: 'end_turn',
      usage: { input_tokens: 5, output_tokens: 2 },
      ...fields,
    },
    { provider: 'anthropic', modelId: 'claude-sonnet-4-5', what: 'message' },
  );
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('mapAnthropicResponse', () => {
  it('maps thinking, text and tool calls in order, skipping server-tool blocks', () => {
    const result = mapAnthropicResponse(
      message({
        content: [
          { type: 'thinking', thinking: 'Plan.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: 'Calling.', citations: null },
          { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: {} },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
      }),
      context,
    );
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Plan.', signature: 'sig', provider: 'anthropic' },
      { type: 'reasoning', text: '', redactedData: 'opaque', provider: 'anthropic' },
      { type: 'text', text: 'Calling.' },
      {
        type: 'tool-call',
        toolCallId: 'toolu_1',
        toolName: 'get_weather',
        input: { city: 'Paris' },
      },
    ]);
    expect(result.text).toBe('Calling.');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(result.response).toEqual({
      id: 'msg_1',
      modelId: 'claude-sonnet-4-5-20250929',
      headers: { 'request-id': 'req_9' },
    });
    expect(result.providerMetadata).toBeUndefined();
  });

  it('returns the forced tool input as the text of a structured answer', () => {
    const result = mapAnthropicResponse(
      message({
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'json', input: { a: 1 } }],
        stop_reason: 'tool_use',
      }),
      { ...context, structuredOutput: 'tool', structuredToolName: 'json' },
    );
    expect(result.content).toEqual([{ type: 'text', text: '{"a":1}' }]);
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason.unified).toBe('stop');
    expect(result.providerMetadata).toEqual({ anthropic: { structuredOutput: 'tool' } });
  });

  it('refuses a tool call that max_tokens left without its required input, and delivers a whole one', () => {
    const tools = [
      {
        name: 'make_file',
        input_schema: { type: 'object', required: ['name', 'lines'] },
      },
    ];
    const cut = (input: unknown) =>
      message({
        content: [
          { type: 'text', text: 'Writing it.', citations: null },
          { type: 'tool_use', id: 't', name: 'make_file', input },
        ],
        stop_reason: 'max_tokens',
      });
    // The API builds the input from what the model wrote: a cut call lacks properties.
    const error = catchError(() =>
      mapAnthropicResponse(cut({ name: 'a.txt' }), { ...context, tools }),
    );
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputError).message).toBe(
      "anthropic:claude-sonnet-4-5 reached its output limit (max_tokens) before the input of its call to tool 'make_file' was complete JSON; raise maxOutputTokens and try again.",
    );
    expect((error as StructuredOutputError).text).toBe('{"name":"a.txt"}');
    // A whole input is delivered, with finish reason length.
    const whole = mapAnthropicResponse(cut({ name: 'a.txt', lines: ['x'] }), { ...context, tools });
    expect(whole.toolCalls).toEqual([
      {
        type: 'tool-call',
        toolCallId: 't',
        toolName: 'make_file',
        input: { name: 'a.txt', lines: ['x'] },
      },
    ]);
    expect(whole.finishReason).toEqual({ unified: 'length', raw: 'max_tokens' });
    // A tool the request did not declare has no required properties: any object is whole.
    expect(mapAnthropicResponse(cut({}), context).toolCalls).toHaveLength(1);
    // An input that is not an object (a proxy passing raw text on) is not whole.
    expect(() => mapAnthropicResponse(cut('{"name": "a.t'), context)).toThrow(
      StructuredOutputError,
    );
  });

  it('applies the same rule to the forced structured-output tool and the context window limit', () => {
    const tools = [{ name: 'json', input_schema: { type: 'object', required: ['city'] } }];
    const answer = (input: unknown, stop: string) =>
      message({ content: [{ type: 'tool_use', id: 't', name: 'json', input }], stop_reason: stop });
    const structured = {
      ...context,
      structuredOutput: 'tool',
      structuredToolName: 'json',
      tools,
    } as const;
    expect(() =>
      mapAnthropicResponse(answer({}, 'model_context_window_exceeded'), structured),
    ).toThrow(/output limit \(model_context_window_exceeded\) before the structured answer/);
    expect(mapAnthropicResponse(answer({ city: 'Oslo' }, 'max_tokens'), structured).text).toBe(
      '{"city":"Oslo"}',
    );
  });

  it('refuses a structured answer nested too deeply to write as text, with a typed error', () => {
    const input = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
    const error = catchError(() =>
      mapAnthropicResponse(
        message({
          content: [{ type: 'tool_use', id: 't', name: 'json', input }],
          stop_reason: 'tool_use',
        }),
        { ...context, structuredOutput: 'tool', structuredToolName: 'json' },
      ),
    );
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('nested too deeply');
  });

  it('throws a typed error for a native structured answer cut by max_tokens', () => {
    expect(() =>
      mapAnthropicResponse(
        message({ content: [{ type: 'text', text: '{"a":' }], stop_reason: 'max_tokens' }),
        {
          ...context,
          structuredOutput: 'native',
        },
      ),
    ).toThrow(/max_tokens/);
    // Plain text cut by max_tokens is a normal 'length' finish.
    expect(
      mapAnthropicResponse(
        message({ content: [{ type: 'text', text: 'Once upon' }], stop_reason: 'max_tokens' }),
        context,
      ).finishReason,
    ).toEqual({ unified: 'length', raw: 'max_tokens' });
  });

  it('names the missing field of an invalid body', () => {
    expect(() => message({ content: [{ type: 'text' }] })).toThrow(/content\[0\]\.text/);
  });
});
