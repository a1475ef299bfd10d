import {
  InvalidRequestError,
  StreamConsumedError,
  type ChatModel,
  type ChatRequest,
  type ChatStreamPart,
  type Usage,
} from '@org/llm-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStreamParts } from './check-stream-parts.ts';
import type { ContractScenario } from './contract-scenario.ts';

/** What the model under test can do; the suite skips (and says so) what it cannot. */
export interface ContractCapabilities {
  /** The model returns tool calls. */
  readonly tools?: boolean | undefined;
  /** The model returns several tool calls in one turn. */
  readonly parallelToolCalls?: boolean | undefined;
}

/** Options of {@link describeChatModelContract}. */
export interface ChatModelContractOptions {
  /** Names the suite in the test report. */
  readonly name: string;
  /** Returns a model whose provider answers the next call with `scenario`. */
  readonly createModel: (scenario: ContractScenario) => ChatModel | Promise<ChatModel>;
  /** What the model can do. */
  readonly capabilities?: ContractCapabilities | undefined;
  /** Runs after the suite (close servers). */
  readonly teardown?: (() => void | Promise<void>) | undefined;
}

const userTurn: ChatRequest['messages'] = [{ role: 'user', content: 'Say hello.' }];

function expectUsageNumbers(usage: Usage): void {
  for (const [field, value] of Object.entries(usage)) {
    if (value !== undefined) {
      expect(
        Number.isFinite(value),
        `usage.${field} must be a finite number or undefined, got ${String(value)}`,
      ).toBe(true);
      expect(value as number).toBeGreaterThanOrEqual(0);
    }
  }
}

async function collect(stream: AsyncIterable<ChatStreamPart>): Promise<ChatStreamPart[]> {
  const parts: ChatStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/**
 * The behaviour every `ChatModel` must have, as a Vitest suite. Adapters
 * (ours and third parties') run it once each:
 *
 * @example
 * describeChatModelContract({
 *   name: 'my-adapter',
 *   createModel: (scenario) => myAdapterAgainst(fakeServer.script(scenario)),
 *   capabilities: { tools: true },
 * });
 */
export function describeChatModelContract(options: ChatModelContractOptions): void {
  const { createModel, capabilities = {} } = options;

  describe(`ChatModel contract: ${options.name}`, () => {
    if (options.teardown !== undefined) afterAll(options.teardown);

    const textScenario: ContractScenario = {
      type: 'text',
      chunks: ['Hello', ', contract', ' world!'],
      usage: { inputTokens: 12, outputTokens: 5 },
    };

    it('identifies itself as a v1 model', async () => {
      const model = await createModel(textScenario);
      expect(model.specificationVersion).toBe('v1');
      expect(model.provider).toMatch(/\S/);
      expect(model.modelId).toMatch(/\S/);
    });

    it('generates text with a stop finish reason and the reported usage', async () => {
      const model = await createModel(textScenario);
      const result = await model.generate({ messages: userTurn });
      expect(result.text).toBe('Hello, contract world!');
      expect(result.content).toEqual([{ type: 'text', text: 'Hello, contract world!' }]);
      expect(result.toolCalls).toEqual([]);
      expect(result.finishReason.unified).toBe('stop');
      expect(result.usage.inputTokens).toBe(12);
      expect(result.usage.outputTokens).toBe(5);
      expectUsageNumbers(result.usage);
    });

    it('streams parts in a valid order with exactly one finish, last', async () => {
      const model = await createModel(textScenario);
      const stream = await model.stream({ messages: userTurn });
      expect(stream.committed).toBe(true);
      const parts = await collect(stream);
      expect(checkStreamParts(parts)).toEqual([]);
      const finish = parts.at(-1);
      expect(finish?.type).toBe('finish');
      if (finish?.type === 'finish') {
        expect(finish.finishReason.unified).toBe('stop');
        expectUsageNumbers(finish.usage);
      }
    });

    it('gives final() equal to the concatenated stream and to generate()', async () => {
      const streamed = await (await createModel(textScenario)).stream({ messages: userTurn });
      const deltas: string[] = [];
      for await (const part of streamed) if (part.type === 'text-delta') deltas.push(part.delta);
      const final = await streamed.final();
      expect(final.text).toBe(deltas.join(''));
      const generated = await (await createModel(textScenario)).generate({ messages: userTurn });
      expect(final.text).toBe(generated.text);
      expect(final.usage).toEqual(generated.usage);
      expect(final.finishReason).toEqual(generated.finishReason);
      expectUsageNumbers(final.usage);
    });

    it('offers text(), textStream and toReadableStream() over the same parts', async () => {
      expect(
        await (await (await createModel(textScenario)).stream({ messages: userTurn })).text(),
      ).toBe('Hello, contract world!');
      const pieces: string[] = [];
      for await (const piece of (
        await (await createModel(textScenario)).stream({ messages: userTurn })
      ).textStream) {
        pieces.push(piece);
      }
      expect(pieces.join('')).toBe('Hello, contract world!');
      const readable = (
        await (await createModel(textScenario)).stream({ messages: userTurn })
      ).toReadableStream();
      const parts: ChatStreamPart[] = [];
      for await (const part of readable) parts.push(part);
      expect(checkStreamParts(parts)).toEqual([]);
    });

    it('refuses a second reader of the same stream', async () => {
      const stream = await (await createModel(textScenario)).stream({ messages: userTurn });
      const first = stream[Symbol.asyncIterator]();
      expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
      await first.return?.();
    });

    it('rejects with the signal reason when aborted before the call', async () => {
      const reason = new Error('cancelled by the contract suite');
      const controller = new AbortController();
      controller.abort(reason);
      const model = await createModel(textScenario);
      await expect(
        model.generate({ messages: userTurn, abortSignal: controller.signal }),
      ).rejects.toBe(reason);
      await expect(
        model.stream({ messages: userTurn, abortSignal: controller.signal }),
      ).rejects.toBe(reason);
    });

    it('rejects with the signal reason when aborted during a stream', async () => {
      const model = await createModel({ type: 'stall', chunks: ['Partial'] });
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      const stream = await model.stream({ messages: userTurn, abortSignal: controller.signal });
      const iterator = stream[Symbol.asyncIterator]();
      let seen = '';
      while (!seen.includes('Partial')) {
        const next = await iterator.next();
        expect(next.done).toBe(false);
        if (next.done !== true && next.value.type === 'text-delta') seen += next.value.delta;
      }
      const pending = iterator.next();
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      await expect(stream.final()).rejects.toBe(reason);
    });

    it('rejects an invalid request with InvalidRequestError naming the field', async () => {
      const model = await createModel(textScenario);
      const bad = {
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'call_9', toolName: 'lookup', output: 'x' },
            ],
          },
        ],
      } satisfies ChatRequest;
      const error: unknown = await model.generate(bad).catch((caught: unknown) => caught);
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as InvalidRequestError).issues[0]?.path).toBe('messages[1].content[0]');
      expect((error as Error).message).toContain("unknown toolCallId 'call_9'");
      await expect(model.stream({ messages: [] })).rejects.toSatisfy((caught: unknown) =>
        InvalidRequestError.isInstance(caught),
      );
    });

    const skipBecause =
      (reason: string) =>
      (name: string, fn: () => Promise<void>): void => {
        it.skip(`${name} (skipped: ${reason})`, fn);
      };
    const toolsIt = capabilities.tools === true ? it : skipBecause('capabilities.tools is not set');
    const parallelIt =
      capabilities.tools === true && capabilities.parallelToolCalls === true
        ? it
        : skipBecause('capabilities.parallelToolCalls is not set');
    const toolRequest: ChatRequest = {
      messages: [{ role: 'user', content: 'What is the weather in Paris and Oslo?' }],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          inputSchema: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      ],
    };

    toolsIt('returns a tool call with parsed input and a tool-calls finish reason', async () => {
      const scenario: ContractScenario = {
        type: 'tool-calls',
        calls: [{ toolCallId: 'call_paris', toolName: 'get_weather', input: { city: 'Paris' } }],
        usage: { inputTokens: 30, outputTokens: 9 },
      };
      const generated = await (await createModel(scenario)).generate(toolRequest);
      expect(generated.toolCalls).toEqual([
        expect.objectContaining({
          type: 'tool-call',
          toolCallId: 'call_paris',
          toolName: 'get_weather',
          input: { city: 'Paris' },
        }),
      ]);
      expect(generated.finishReason.unified).toBe('tool-calls');

      const stream = await (await createModel(scenario)).stream(toolRequest);
      const parts = await collect(stream);
      expect(checkStreamParts(parts)).toEqual([]);
      const calls = parts.filter((part) => part.type === 'tool-call');
      expect(calls).toEqual([
        expect.objectContaining({ toolCallId: 'call_paris', input: { city: 'Paris' } }),
      ]);
      expect((await stream.final()).toolCalls).toEqual(generated.toolCalls);
    });

    parallelIt('returns parallel tool calls in order', async () => {
      const scenario: ContractScenario = {
        type: 'tool-calls',
        calls: [
          { toolCallId: 'call_paris', toolName: 'get_weather', input: { city: 'Paris' } },
          { toolCallId: 'call_oslo', toolName: 'get_weather', input: { city: 'Oslo' } },
        ],
        usage: { inputTokens: 30, outputTokens: 18 },
      };
      const stream = await (await createModel(scenario)).stream(toolRequest);
      const final = await stream.final();
      expect(final.toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([
        ['call_paris', { city: 'Paris' }],
        ['call_oslo', { city: 'Oslo' }],
      ]);
    });
  });
}
