import {
  StreamInterruptedError,
  StructuredOutputError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
} from '@org/llm-core';
import { openai } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import type { OpenAIWireHarness } from './openai-wire-harness.ts';

// A tool call cut by the output limit, on the wire, for one OpenAI adapter
// built each of its ways: generate() and stream() must agree. A call whose
// arguments were cut is never delivered (StructuredOutputError, wrapped in
// StreamInterruptedError once the stream has committed); a whole one is.

/** What one adapter's suite needs. */
export interface OpenAICutToolCallSuite<Options> {
  /** The harness, started by the adapter's test file (which checks and resets it after each test). */
  readonly harness: () => OpenAIWireHarness<Options, (modelId: string) => ChatModel>;
  /** Ways of building the adapter; every case runs through each. */
  readonly variants: readonly { readonly name: string; readonly options: Options }[];
}

/** How a call ended: its result, or its error (a stream's interruption unwrapped to its cause). */
export type CallOutcome =
  | { readonly ok: true; readonly result: ChatResult }
  | {
      readonly ok: false;
      readonly error: unknown;
      /** The stream broke after its commit point; its partial result. */
      readonly partial?: StreamInterruptedError['partial'] | undefined;
    };

/** Makes the call (`stream` read to the end) and returns how it ended. */
export async function outcomeOf(
  model: ChatModel,
  call: 'generate' | 'stream',
  request: ChatRequest,
): Promise<CallOutcome> {
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

/** The tool of these cases: its schema requires both properties. */
export const makeFileTool = {
  name: 'make_file',
  description: 'Writes a file.',
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } } },
    required: ['name', 'lines'],
  },
} as const;

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write taxes.txt.' }],
  tools: [makeFileTool],
};

/** Registers, per variant and per call (generate, stream), the cut-tool-call cases. */
export function describeOpenAICutToolCalls<Options>(suite: OpenAICutToolCallSuite<Options>): void {
  const model = (options: Options) => suite.harness().provider(options)('gpt-4o-mini');
  const calls = ['generate', 'stream'] as const;
  const toolCalls = (args: string, finishReason: 'length' | 'tool_calls') =>
    openai.toolCalls(
      [
        { id: 'call_1', name: 'make_file', arguments: '{"name":"a.txt","lines":["a"]}' },
        { id: 'call_2', name: 'make_file', arguments: args },
      ],
      { text: 'Writing both.', finishReason },
    );

  describe.each(suite.variants)('tool calls cut by the output limit with $name', ({ options }) => {
    it.each(calls)('%s never delivers a call whose arguments were cut', async (call) => {
      suite
        .harness()
        .server.enqueue(toolCalls('{"name":"b.txt","lines":["line one","li', 'length'));
      const outcome = await outcomeOf(model(options), call, request);
      if (outcome.ok) throw new Error('expected the call to fail');
      if (!StructuredOutputError.isInstance(outcome.error))
        throw new Error(`expected a StructuredOutputError, got ${String(outcome.error)}`);
      expect(outcome.error.message).toBe(
        "openai:gpt-4o-mini reached its output limit (finish_reason 'length') before the input of its call to tool 'make_file' was complete JSON; raise maxOutputTokens and try again.",
      );
      expect(outcome.error.text).toBe('{"name":"b.txt","lines":["line one","li');
      expect(outcome.error.isRetryable).toBe(false);
      // A stream keeps the text and the whole call that came before the cut one.
      if (call === 'stream') {
        expect(outcome.partial?.text).toBe('Writing both.');
        expect(outcome.partial?.toolCalls.map((part) => part.toolCallId)).toEqual(['call_1']);
      }
    });

    it.each(calls)('%s refuses arguments that parse but lack a required property', async (call) => {
      suite.harness().server.enqueue(toolCalls('{"name":"b.txt"}', 'length'));
      const outcome = await outcomeOf(model(options), call, request);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(StructuredOutputError.isInstance(outcome.error)).toBe(true);
    });

    it.each(calls)('%s delivers whole calls with finish reason length', async (call) => {
      suite.harness().server.enqueue(toolCalls('{"name":"b.txt","lines":[]}', 'length'));
      const outcome = await outcomeOf(model(options), call, request);
      if (!outcome.ok) throw new Error(`expected a result, got ${String(outcome.error)}`);
      expect(outcome.result.finishReason).toEqual({ unified: 'length', raw: 'length' });
      expect(outcome.result.toolCalls.map((part) => part.input)).toEqual([
        { name: 'a.txt', lines: ['a'] },
        { name: 'b.txt', lines: [] },
      ]);
    });

    it.each(calls)(
      '%s delivers broken arguments as raw text when the limit did not stop the answer',
      async (call) => {
        suite.harness().server.enqueue(toolCalls('{"name":"b.txt",', 'tool_calls'));
        const outcome = await outcomeOf(model(options), call, request);
        if (!outcome.ok) throw new Error(`expected a result, got ${String(outcome.error)}`);
        expect(outcome.result.toolCalls.at(-1)?.input).toBe('{"name":"b.txt",');
      },
    );
  });
}
