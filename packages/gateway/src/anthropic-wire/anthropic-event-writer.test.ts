import { createUsage, type ChatStreamPart } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { AnthropicEventWriter } from './anthropic-event-writer.ts';

/** The events a writer produces for `parts`, as `type index detail` lines. */
function events(parts: readonly ChatStreamPart[]): string[] {
  const writer = new AnthropicEventWriter({ id: 'msg_gateway', model: 'requested' });
  const sse = parts.map((part) => writer.write(part)).join('');
  return sse
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const data = JSON.parse(block.split('\n')[1]!.slice(6)) as Record<string, unknown>;
      const delta = data.delta as Record<string, unknown> | undefined;
      const content = data.content_block as Record<string, unknown> | undefined;
      const detail =
        content !== undefined
          ? `${content.type as string}${content.id === undefined ? '' : ` ${content.id as string}`}${content.data === undefined ? '' : ` ${content.data as string}`}`
          : delta !== undefined
            ? String(
                delta.text ??
                  delta.partial_json ??
                  delta.thinking ??
                  delta.signature ??
                  delta.stop_reason,
              )
            : '';
      return `${data.type as string}${data.index === undefined ? '' : ` ${data.index as number}`}${detail === '' ? '' : ` ${detail}`}`;
    });
}

const finish = (unified: 'stop' | 'tool-calls'): ChatStreamPart => ({
  type: 'finish',
  finishReason: { unified, raw: undefined },
  usage: createUsage({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 4 }),
});

describe('AnthropicEventWriter', () => {
  it('sends interleaved neutral blocks one after the other, in the order they opened', () => {
    expect(
      events([
        { type: 'response-metadata', id: 'chatcmpl-up', modelId: 'gpt-4o-mini' },
        { type: 'tool-call-start', toolCallId: 'call_a', toolName: 'a' },
        { type: 'tool-call-start', toolCallId: 'call_b', toolName: 'b' },
        { type: 'tool-call-delta', toolCallId: 'call_b', delta: '{"y":2}' },
        { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"x":1}' },
        { type: 'tool-call-end', toolCallId: 'call_b' },
        { type: 'tool-call', toolCallId: 'call_b', toolName: 'b', input: { y: 2 } },
        { type: 'tool-call-end', toolCallId: 'call_a' },
        { type: 'tool-call', toolCallId: 'call_a', toolName: 'a', input: { x: 1 } },
        finish('tool-calls'),
      ]),
    ).toEqual([
      'message_start',
      'content_block_start 0 tool_use call_a',
      'content_block_delta 0 {"x":1}',
      'content_block_stop 0',
      'content_block_start 1 tool_use call_b',
      'content_block_delta 1 {"y":2}',
      'content_block_stop 1',
      'message_delta tool_use',
      'message_stop',
    ]);
  });

  it('opens thinking at its first delta, sends its signature, and redacted thinking as its own block', () => {
    expect(
      events([
        { type: 'reasoning-start', id: 'r1' },
        { type: 'reasoning-delta', id: 'r1', delta: 'Let me think.' },
        { type: 'reasoning-end', id: 'r1', signature: 'sig-1' },
        { type: 'reasoning-start', id: 'r2' },
        { type: 'reasoning-end', id: 'r2', redactedData: 'opaque' },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Hi.' },
        { type: 'text-end', id: 't' },
        finish('stop'),
      ]),
    ).toEqual([
      'message_start',
      'content_block_start 0 thinking',
      'content_block_delta 0 Let me think.',
      'content_block_delta 0 sig-1',
      'content_block_stop 0',
      'content_block_start 1 redacted_thinking opaque',
      'content_block_stop 1',
      'content_block_start 2 text',
      'content_block_delta 2 Hi.',
      'content_block_stop 2',
      'message_delta end_turn',
      'message_stop',
    ]);
  });

  it('names the upstream id and model, and reports usage the Anthropic way', () => {
    const writer = new AnthropicEventWriter({ id: 'msg_gateway', model: 'requested' });
    const sse = [
      { type: 'response-metadata', id: 'msg_up', modelId: 'claude-sonnet-4-6' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'x' },
      { type: 'text-end', id: 't' },
      finish('stop'),
    ]
      .map((part) => writer.write(part as ChatStreamPart))
      .join('');
    expect(sse).toContain('"id":"msg_up"');
    expect(sse).toContain('"model":"claude-sonnet-4-6"');
    // 10 input tokens, 4 of them cache reads: Anthropic counts those apart.
    expect(sse).toContain(
      '"usage":{"input_tokens":6,"output_tokens":5,"cache_read_input_tokens":4,"cache_creation_input_tokens":0}',
    );
  });
});
