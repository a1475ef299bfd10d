import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import type { ChatResult } from '../spec/chat-result.ts';
import type { ModelCapabilities } from '../spec/model-capabilities.ts';
import type { ChatStream } from '../stream/chat-stream.ts';

/** Which call a middleware hook runs for. */
export type ChatOperation = 'generate' | 'stream';

/**
 * Cross-cutting behaviour around a model: rewrite requests, observe or
 * replace calls. Every hook is optional.
 */
export interface ChatModelMiddleware {
  /** Rewrites the request before it reaches the model (defaults, redaction, routing hints). */
  readonly transformRequest?: (options: {
    readonly request: ChatRequest;
    readonly operation: ChatOperation;
    readonly model: ChatModel;
  }) => ChatRequest | Promise<ChatRequest>;
  /** Wraps `generate`: call `next(request)` to go on (zero, one or several times). */
  readonly wrapGenerate?: (options: {
    readonly request: ChatRequest;
    readonly model: ChatModel;
    readonly next: (request: ChatRequest) => Promise<ChatResult>;
  }) => Promise<ChatResult>;
  /** Wraps `stream`: call `next(request)` to go on; return the stream (or a new one). */
  readonly wrapStream?: (options: {
    readonly request: ChatRequest;
    readonly model: ChatModel;
    readonly next: (request: ChatRequest) => Promise<ChatStream>;
  }) => Promise<ChatStream>;
  /** Replaces the wrapped model's provider id (e.g. for a routing layer). */
  readonly provider?: string;
  /** Replaces the wrapped model's id. */
  readonly modelId?: string;
  /** Replaces or narrows the wrapped model's capabilities. */
  readonly capabilities?: ModelCapabilities;
}

function wrapOne(model: ChatModel, middleware: ChatModelMiddleware): ChatModel {
  const { transformRequest, wrapGenerate, wrapStream } = middleware;
  const prepare = async (request: ChatRequest, operation: ChatOperation): Promise<ChatRequest> =>
    transformRequest === undefined ? request : transformRequest({ request, operation, model });

  const generate = (request: ChatRequest): Promise<ChatResult> => model.generate(request);
  const stream = (request: ChatRequest): Promise<ChatStream> => model.stream(request);

  return {
    specificationVersion: 'v1',
    provider: middleware.provider ?? model.provider,
    modelId: middleware.modelId ?? model.modelId,
    capabilities: middleware.capabilities ?? model.capabilities,
    async generate(request) {
      const prepared = await prepare(request, 'generate');
      return wrapGenerate === undefined
        ? generate(prepared)
        : wrapGenerate({ request: prepared, model, next: generate });
    },
    async stream(request) {
      const prepared = await prepare(request, 'stream');
      return wrapStream === undefined
        ? stream(prepared)
        : wrapStream({ request: prepared, model, next: stream });
    },
  };
}

/**
 * Returns a model that runs `middleware` around `model`. With a list, the
 * first middleware is the outermost: it sees the request first and the
 * result last.
 *
 * @example
 * const logged = wrapChatModel(model, {
 *   wrapGenerate: async ({ request, next }) => {
 *     const result = await next(request);
 *     console.log(result.usage);
 *     return result;
 *   },
 * });
 */
export function wrapChatModel(
  model: ChatModel,
  middleware: ChatModelMiddleware | readonly ChatModelMiddleware[],
): ChatModel {
  const list: readonly ChatModelMiddleware[] = Array.isArray(middleware)
    ? (middleware as readonly ChatModelMiddleware[])
    : [middleware as ChatModelMiddleware];
  return list.reduceRight<ChatModel>((inner, layer) => wrapOne(inner, layer), model);
}
