import {
  ChatStream,
  createUsage,
  type ChatModel,
  type ChatResult,
  type ChatStreamPart,
  type ChatStreamSource,
} from '@org/llm-core';

const done: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** The parts of an answer of `deltas` text deltas, as an adapter hands them over (one batch). */
function partsOf(deltas: number): readonly ChatStreamPart[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'instant-1', modelId: 'instant' },
    { type: 'text-start', id: '0' },
    ...Array.from({ length: deltas }, (_, index): ChatStreamPart => ({
      type: 'text-delta',
      id: '0',
      delta: `w${index} `,
    })),
    { type: 'text-end', id: '0' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: createUsage({ inputTokens: 12, outputTokens: deltas }),
    },
  ];
}

function source(parts: readonly ChatStreamPart[]): ChatStreamSource {
  return {
    [Symbol.asyncIterator]: () => {
      let sent = false;
      return {
        next: (): Promise<IteratorResult<readonly ChatStreamPart[]>> => {
          if (sent) return Promise.resolve(done);
          sent = true;
          return Promise.resolve({ value: parts, done: false });
        },
        return: (): Promise<IteratorResult<readonly ChatStreamPart[]>> => Promise.resolve(done),
      };
    },
  };
}

/**
 * A model that answers at once with no I/O, priced like a catalog model (so
 * the cost path runs): what is left of a call's CPU is the decorators
 * around it and core's `ChatStream`. Its streams have `deltas` text deltas
 * (plus six other parts).
 */
export async function createInstantChatModel(deltas: number): Promise<ChatModel> {
  const parts = partsOf(deltas);
  const result: ChatResult = await (
    await ChatStream.from(source(parts), { provider: 'bench', modelId: 'instant' })
  ).final();
  return {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'instant',
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      pricing: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    generate: () => Promise.resolve(result),
    stream: (request) =>
      ChatStream.from(source(parts), {
        provider: 'bench',
        modelId: 'instant',
        abortSignal: request.abortSignal,
      }),
  };
}

/** Parts in a stream of `deltas` text deltas. */
export const partCount = (deltas: number): number => deltas + 6;
