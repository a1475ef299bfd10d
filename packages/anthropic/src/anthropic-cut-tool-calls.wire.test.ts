import {
  StreamInterruptedError,
  StructuredOutputError,
  type ChatRequest,
  type ChatResult,
} from '@org/llm-core';
import { anthropic } from '@org/llm-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireHarness, type WireHarness } from './test-support/wire-harness.ts';

// A tool call cut by max_tokens: generate() and stream() must agree, and
// agree with the OpenAI adapters (see describe-openai-cut-tool-calls.ts). A
// call whose input was cut is never delivered (StructuredOutputError, wrapped
// in StreamInterruptedError once the stream has committed); a whole one is.

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

const modelId = 'claude-haiku-4-5';
const makeFileTool = {
  name: 'make_file',
  description: 'Writes a file.',
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } } },
    required: ['name', 'lines'],
  },
};
const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write taxes.txt.' }],
  tools: [makeFileTool],
};

type Outcome =
  | { readonly ok: true; readonly result: ChatResult }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly partial?: StreamInterruptedError['partial'] | undefined;
    };

async function outcomeOf(call: 'generate' | 'stream'): Promise<Outcome> {
  const model = harness.provider()(modelId);
  try {
    const result =
      call === 'generate'
        ? await model.generate(request)
        : await (await model.stream(request)).final();
    return { ok: true, result };
  } catch (error) {
    if (StreamInterruptedError.isInstance(error)) {
      return { ok: false, error: error.cause, partial: error.partial };
    }
    return { ok: false, error };
  }
}

const sse = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * A text block, a whole tool call, then one whose input JSON was cut: every
 * block is closed before `message_delta` brings `max_tokens`, as a server
 * that buffers tool input (or a fault-injecting proxy) sends it.
 */
function cutStream(lastInput: string, stopReason = 'max_tokens'): string[] {
  const tool = (index: number, id: string, json: string): string[] => [
    sse('content_block_start', {
      index,
      content_block: { type: 'tool_use', id, name: 'make_file', input: {} },
    }),
    sse('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }),
    sse('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json } }),
    sse('content_block_stop', { index }),
  ];
  return [
    sse('message_start', {
      message: {
        id: 'msg_cut',
        type: 'message',
        role: 'assistant',
        model: modelId,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 20, output_tokens: 1 },
      },
    }),
    sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Writing both.' } }),
    sse('content_block_stop', { index: 0 }),
    ...tool(1, 'toolu_1', '{"name": "a.txt", "lines": ["a"]}'),
    ...tool(2, 'toolu_2', lastInput),
    sse('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: 64 },
    }),
    sse('message_stop', {}),
  ];
}

/** The same answer as one Messages body: the API parses the input itself, so a cut shows as missing properties. */
function cutBody(lastInput: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'msg_cut',
    type: 'message',
    role: 'assistant',
    model: modelId,
    content: [
      { type: 'text', text: 'Writing both.' },
      {
        type: 'tool_use',
        id: 'toolu_1',
        name: 'make_file',
        input: { name: 'a.txt', lines: ['a'] },
      },
      { type: 'tool_use', id: 'toolu_2', name: 'make_file', input: lastInput },
    ],
    stop_reason: 'max_tokens',
    stop_sequence: null,
    usage: { input_tokens: 20, output_tokens: 64 },
  });
}

describe('tool calls cut by max_tokens', () => {
  it.each([
    ['generate', () => anthropic.raw({ body: cutBody({ name: 'b.txt' }) })],
    ['stream', () => anthropic.raw({ chunks: cutStream('{"name": "b.txt", "lines": ["li') })],
  ] as const)('%s never delivers a call whose input was cut', async (call, script) => {
    harness.server.enqueue(script());
    const outcome = await outcomeOf(call);
    if (outcome.ok) throw new Error('expected the call to fail');
    if (!StructuredOutputError.isInstance(outcome.error))
      throw new Error(`expected a StructuredOutputError, got ${String(outcome.error)}`);
    expect(outcome.error.message).toBe(
      "anthropic:claude-haiku-4-5 reached its output limit (max_tokens) before the input of its call to tool 'make_file' was complete JSON; raise maxOutputTokens and try again.",
    );
    expect(outcome.error.isRetryable).toBe(false);
    if (call === 'stream') {
      expect(outcome.error.text).toBe('{"name": "b.txt", "lines": ["li');
      // The text and the whole call before the cut one are kept.
      expect(outcome.partial?.text).toBe('Writing both.');
      expect(outcome.partial?.toolCalls.map((part) => part.toolCallId)).toEqual(['toolu_1']);
    } else {
      expect(outcome.error.text).toBe('{"name":"b.txt"}');
    }
  });

  it.each(['generate', 'stream'] as const)(
    '%s delivers whole calls with finish reason length',
    async (call) => {
      harness.server.enqueue(
        anthropic.toolUse(
          [
            { id: 'toolu_1', name: 'make_file', input: { name: 'a.txt', lines: ['a'] } },
            { id: 'toolu_2', name: 'make_file', input: { name: 'b.txt', lines: [] } },
          ],
          { text: 'Writing both.', stopReason: 'max_tokens' },
        ),
      );
      const outcome = await outcomeOf(call);
      if (!outcome.ok) throw new Error(`expected a result, got ${String(outcome.error)}`);
      expect(outcome.result.finishReason).toEqual({ unified: 'length', raw: 'max_tokens' });
      expect(outcome.result.toolCalls.map((part) => part.input)).toEqual([
        { name: 'a.txt', lines: ['a'] },
        { name: 'b.txt', lines: [] },
      ]);
    },
  );

  it('stream delivers broken input as raw text when max_tokens did not stop the answer', async () => {
    harness.server.enqueue(anthropic.raw({ chunks: cutStream('{"name": "b.txt",', 'tool_use') }));
    const outcome = await outcomeOf('stream');
    if (!outcome.ok) throw new Error(`expected a result, got ${String(outcome.error)}`);
    expect(outcome.result.toolCalls.at(-1)?.input).toBe('{"name": "b.txt",');
    expect(outcome.result.finishReason.unified).toBe('tool-calls');
  });
});
