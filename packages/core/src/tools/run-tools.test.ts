import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedModel, textResult, toolCallResult } from '../test-support/scripted-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import { executeToolCalls, runTools } from './run-tools.ts';
import { tool } from './tool.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const add = tool({
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const fail = tool({
  name: 'fail',
  inputSchema: z.object({}),
  execute: () => {
    throw new Error('disk full');
  },
});

const request = (tools: ChatRequest['tools']): ChatRequest => ({
  messages: [{ role: 'user', content: 'What is 2+3?' }],
  tools,
});

describe('runTools', () => {
  it('executes calls, feeds results back and returns the final answer', async () => {
    const model = scriptedModel([
      toolCallResult([{ toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 3 } }]),
      textResult('5'),
    ]);
    const steps: number[] = [];
    const run = await runTools(model, request([add]), {
      onStep: (step) => void steps.push(step.toolResults.length),
    });
    expect(run.stopReason).toBe('final-answer');
    expect(run.text).toBe('5');
    expect(steps).toEqual([1, 0]);
    expect(run.usage.inputTokens).toBe(12);
    expect(run.messages).toEqual([
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 3 } }],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'add', output: 5 }],
      },
      { role: 'assistant', content: [{ type: 'text', text: '5' }] },
    ]);
    expect(model.requests[1]!.messages.slice(1)).toEqual(run.messages.slice(0, 2));
  });

  it('runs parallel calls concurrently and keeps call order', async () => {
    const gates = [deferred<string>(), deferred<string>()];
    let running = 0;
    let peak = 0;
    const slow = tool({
      name: 'slow',
      inputSchema: z.object({ i: z.number() }),
      execute: async ({ i }) => {
        running++;
        peak = Math.max(peak, running);
        const value = await gates[i]!.promise;
        running--;
        return value;
      },
    });
    const model = scriptedModel([
      toolCallResult([
        { toolCallId: 'a', toolName: 'slow', input: { i: 0 } },
        { toolCallId: 'b', toolName: 'slow', input: { i: 1 } },
      ]),
      textResult('done'),
    ]);
    const pending = runTools(model, request([slow]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(peak).toBe(2);
    gates[1]!.resolve('second');
    gates[0]!.resolve('first');
    const run = await pending;
    expect(run.steps[0]!.toolResults.map((result) => [result.toolCallId, result.output])).toEqual([
      ['a', 'first'],
      ['b', 'second'],
    ]);
  });

  it('reports tool errors, invalid arguments and unknown tools back to the model', async () => {
    const results = await executeToolCalls(
      [
        { type: 'tool-call', toolCallId: '1', toolName: 'fail', input: {} },
        { type: 'tool-call', toolCallId: '2', toolName: 'add', input: { a: 'two', b: 3 } },
        { type: 'tool-call', toolCallId: '3', toolName: 'add', input: '{"a": 2,' },
        { type: 'tool-call', toolCallId: '4', toolName: 'nope', input: {} },
      ],
      [add, fail],
      { messages: [] },
    );
    expect(results.map((result) => [result.isError, result.output])).toEqual([
      [true, "Tool 'fail' failed: disk full"],
      [
        true,
        "Invalid arguments for 'add': a: Invalid input: expected number, received string. Call it again with corrected arguments.",
      ],
      [
        true,
        "The arguments for 'add' were not valid JSON. Call the tool again with a JSON object.",
      ],
      [true, "Unknown tool 'nope'. Available tools: add, fail."],
    ]);
  });

  it('stops at maxSteps with the last calls answered', async () => {
    const call = (id: string) =>
      toolCallResult([{ toolCallId: id, toolName: 'add', input: { a: 1, b: 1 } }]);
    const model = scriptedModel([call('c1'), call('c2'), call('c3')]);
    const run = await runTools(model, request([add]), { maxSteps: 2 });
    expect(run.stopReason).toBe('max-steps');
    expect(model.requests).toHaveLength(2);
    expect(run.messages.at(-1)).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c2', toolName: 'add', output: 2 }],
    });
  });

  it('hands calls to tools without execute back to the app', async () => {
    const model = scriptedModel([
      toolCallResult([{ toolCallId: 'c1', toolName: 'confirm', input: {} }]),
    ]);
    const run = await runTools(
      model,
      request([add, { name: 'confirm', inputSchema: { type: 'object' } }]),
    );
    expect(run.stopReason).toBe('unexecutable-tool-call');
    expect(run.pendingToolCalls.map((pending) => pending.toolName)).toEqual(['confirm']);
  });

  it('turns undefined tool output into null', async () => {
    const quiet = tool({ name: 'quiet', inputSchema: z.object({}), execute: () => undefined });
    const [result] = await executeToolCalls(
      [{ type: 'tool-call', toolCallId: 'q', toolName: 'quiet', input: {} }],
      [quiet],
      { messages: [] },
    );
    expect(result).toEqual({
      type: 'tool-result',
      toolCallId: 'q',
      toolName: 'quiet',
      output: null,
    });
  });

  it('stops with the abort reason instead of reporting it as a tool failure', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const waits = tool({
      name: 'waits',
      inputSchema: z.object({}),
      execute: (_input, { abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal?.addEventListener('abort', () => {
            reject(new Error('tool saw abort'));
          }),
        ),
    });
    const pending = executeToolCalls(
      [{ type: 'tool-call', toolCallId: 'w', toolName: 'waits', input: {} }],
      [waits],
      {
        messages: [],
        abortSignal: controller.signal,
      },
    );
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
