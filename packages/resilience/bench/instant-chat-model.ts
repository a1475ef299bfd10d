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

/** The parts up to the first text delta: what an open stream holds at its commit point. */
const head = parts.slice(0, parts.findIndex((part) => part.type === 'text-delta') + 1);

const done: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The whole answer in one batch, as an adapter hands over the parts of one
 * network read; or, with `hold`, only its head, then nothing until the
 * reader closes the stream (a stream held open by a slow provider).
 */
function source(hold: boolean): ChatStreamSource {
  return {
    [Symbol.asyncIterator]: () => {
      let sent = false;
      let release: (() => void) | undefined;
      return {
        next: (): Promise<IteratorResult<readonly ChatStreamPart[]>> => {
          if (!sent) {
            sent = true;
            return Promise.resolve({ value: hold ? head : parts, done: false });
          }
          if (!hold) return Promise.resolve(done);
          return new Promise((resolve) => {
            release = () => {
              resolve(done);
            };
          });
        },
        return: (): Promise<IteratorResult<readonly ChatStreamPart[]>> => {
          release?.();
          return Promise.resolve(done);
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
 * layers' own cost stands out. With `hold`, its streams stop after their
 * first text delta and stay open until closed (for heap per open stream).
 */
export async function createInstantChatModel(options: { hold?: boolean } = {}): Promise<ChatModel> {
  const hold = options.hold ?? false;
  const open = (request: ChatRequest): Promise<ChatStream> =>
    ChatStream.from(source(hold), { provider, modelId, abortSignal: request.abortSignal });
  const result: ChatResult = await (
    await ChatStream.from(source(false), { provider, modelId })
  ).final();
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
