import { LlmError, type ChatStreamPart } from '@org/llm-core';
import { describe, expect, it } from 'vitest';
import { wrongKindMutations, type Json } from '../../core/src/test-support/wrong-json-kinds.ts';
import {
  AnthropicStreamMapper,
  type AnthropicStreamContext,
  type AnthropicStreamEvent,
} from './anthropic-stream-mapper.ts';

// Every place of a Messages stream event where a server can put a value of
// the wrong JSON kind: the event itself, each field, each nested field. The
// mapper must settle each with a result or a library error (never a
// TypeError from reading a property of null).

const context: AnthropicStreamContext = {
  provider: 'anthropic',
  modelId: 'claude-sonnet-5-5',
  headers: {},
  secrets: [],
  structuredOutput: undefined,
  structuredToolName: undefined,
  tools: undefined,
};

/** A valid stream, one event per entry, with a text block and a tool call. */
const stream: readonly Json[] = [
  {
    type: 'message_start',
    message: {
      id: 'msg_1',
      model: 'claude-sonnet-5-5',
      usage: { input_tokens: 3, output_tokens: 1 },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'content_block_start',
    index: 1,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_time', input: {} },
  },
  {
    type: 'content_block_delta',
    index: 1,
    delta: { type: 'input_json_delta', partial_json: '{"zone":"UTC"}' },
  },
  { type: 'content_block_stop', index: 1 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 9 },
  },
  { type: 'message_stop' },
];

describe('AnthropicStreamMapper with a value of the wrong JSON kind anywhere', () => {
  const all = wrongKindMutations(stream);

  it.each(all.map((mutation) => [mutation.name, mutation] as const))(
    '%s: a result or a library error',
    (_name, mutation) => {
      const mapper = new AnthropicStreamMapper(context);
      const parts: ChatStreamPart[] = [];
      try {
        for (const event of mutation.documents)
          mapper.push(event as unknown as AnthropicStreamEvent, parts);
      } catch (error) {
        expect(error).toBeInstanceOf(LlmError);
      }
    },
  );
});
