import {
  ChatStream,
  createUsage,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamPart,
  type ChatStreamSource,
} from '@org/llm-core';
import { deltas } from './bench-payload.ts';

const provider = 'bench';
const modelId = 'instant';

/** The parts of the answer, as an adapter hands them to ChatStream: one batch per network read. */
const parts: readonly ChatStreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'bench-1', modelId },
  { type: 'text-start', id: '0' },
  ...deltas.map((delta): ChatStreamPart => ({ type: 'text-delta', id: '0', delta })),
  { type: 'text-end', id: '0' },
  {
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: createUsage({ inputTokens: 12, outputTokens: 300 }),
  },
];

/** The whole answer in one batch, as an adapter hands over the parts of one network read. */
function burst(): ChatStreamSource {
  return {
    [Symbol.asyncIterator]: () => {
      let sent = false;
      return {
        next: (): Promise<IteratorResult<readonly ChatStreamPart[]>> => {
          if (sent) return Promise.resolve({ value: undefined, done: true });
          sent = true;
          return Promise.resolve({ value: parts, done: false });
        },
      };
    },
  };
}

/** Parts per streamed answer. */
export const instantPartCount = parts.length;

/**
 * A model that answers at once, with no I/O: what is left of a call's CPU
 * is the layers around it and core's `ChatStream`, so the resilience
 * layers' own cost stands out.
 */
export async function createInstantChatModel(): Promise<ChatModel> {
  const open = (request: ChatRequest): Promise<ChatStream> =>
    ChatStream.from(burst(), { provider, modelId, abortSignal: request.abortSignal });
  const result: ChatResult = await (await open({ messages: [] })).final();
  return {
    specificationVersion: 'v1',
    provider,
    modelId,
    capabilities: {
      tools: true,
      parallelToolCalls: true,
      vision: true,
      jsonOutput: true,
      jsonSchemaOutput: true,
      reasoning: false,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
    },
    generate: () => Promise.resolve(result),
    stream: open,
  };
}
