import {
  ChatStream,
  LlmError,
  StreamInterruptedError,
  addUsage,
  createUsage,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatStreamPart,
  type Usage,
} from '@org/llm-core';
import { ResilienceEvents, type CallContext } from '../events/resilience-events.ts';
import { callContext } from '../internal/call-context.ts';
import { checkNumber } from '../internal/check-option.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';

/** The default instruction of `mode: 'prompt'`. */
export const defaultResumePrompt =
  'Your previous reply was cut off by a network error. Continue it from exactly where it stopped: do not repeat anything, do not add a preamble.';

/** Options of {@link withResumeInterrupted}. */
export interface ResumeOptions {
  /** Continuations per stream; default 1. */
  readonly maxResumes?: number | undefined;
  /**
   * How the continuation is asked for:
   * - `prompt` (default, any provider): the delivered text as an assistant
   *   message, then a user message with `prompt`;
   * - `prefill`: the delivered text as the last, assistant, message for the
   *   model to carry on (Anthropic continues such a message natively;
   *   trailing whitespace is trimmed, as Anthropic requires).
   */
  readonly mode?: 'prompt' | 'prefill' | undefined;
  /** The user message of `mode: 'prompt'`; default {@link defaultResumePrompt}. */
  readonly prompt?: string | undefined;
  /**
   * The model asked to continue; default the wrapped model (wrap a fallback
   * chain, as `withResilience` does, to continue on the next model when the
   * first is down).
   */
  readonly continueWith?: ChatModel | undefined;
  /**
   * Which interruptions to resume; default: those whose cause is retryable
   * (a cut connection, an idle or attempt timeout, a server error), never a
   * content-filter stop.
   */
  readonly when?: ((error: StreamInterruptedError) => boolean) | undefined;
  /** Where `onResume` is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

function retryableCause(error: StreamInterruptedError): boolean {
  return LlmError.isInstance(error.cause) && error.cause.isRetryable;
}

/** Open content blocks of the stitched stream, by kind. */
interface OpenBlocks {
  text: Set<string>;
  other: number;
}

function track(part: ChatStreamPart, open: OpenBlocks): void {
  switch (part.type) {
    case 'text-start':
      open.text.add(part.id);
      break;
    case 'text-end':
      open.text.delete(part.id);
      break;
    case 'reasoning-start':
    case 'tool-call-start':
      open.other++;
      break;
    case 'reasoning-end':
    case 'tool-call-end':
      open.other--;
      break;
    default:
      break;
  }
}

/**
 * Lets a stream that broke after its first content carry on: the delivered
 * text is sent back to the same model (or `continueWith`) with a request to
 * continue, and the continuation's parts are stitched into the same stream,
 * its first text extending the interrupted text block. The reader sees one
 * stream; `final()` holds the whole answer, with usage added up over the
 * pieces. The stream keeps the first model's `provider` and `modelId`;
 * `final().response` names the last piece's. `generate()` is passed through (it has no commit point: retries
 * already cover it).
 *
 * Caveats, by design:
 * - the seam is the model's best effort: it may repeat or rephrase a few
 *   words, and the whitespace at the join may differ;
 * - only text is resumed: a stream that broke inside a reasoning block or a
 *   tool call, or after a complete tool call, ends with its
 *   `StreamInterruptedError` as usual (a half-made tool call cannot be
 *   finished safely);
 * - usage of the broken piece counts what the provider had reported when it
 *   broke (often input tokens only);
 * - the continuation is a new request: it costs its input tokens again;
 * - when the continuation cannot start, the stream ends with the original
 *   interruption.
 *
 * @example
 * const model = withResumeInterrupted(withResilience([primary, backup]), { maxResumes: 2 });
 */
export function withResumeInterrupted(
  model: ChatModel,
  options: ResumeOptions = {},
): ResilientChatModel {
  checkNumber(options.maxResumes, 'resume maxResumes', { min: 0, integer: true });
  const maxResumes = options.maxResumes ?? 1;
  const mode = options.mode ?? 'prompt';
  const prompt = options.prompt ?? defaultResumePrompt;
  const when = options.when ?? retryableCause;
  const events = options.events ?? new ResilienceEvents();

  function continuation(request: ChatRequest, delivered: string): ChatRequest {
    if (delivered.trim() === '') return request;
    const messages: ChatMessage[] =
      mode === 'prefill'
        ? [...request.messages, { role: 'assistant', content: delivered.trimEnd() }]
        : [
            ...request.messages,
            { role: 'assistant', content: delivered },
            { role: 'user', content: prompt },
          ];
    return { ...request, messages };
  }

  async function* stitch(
    first: ChatStream,
    request: ChatRequest,
    context: CallContext,
  ): AsyncGenerator<ChatStreamPart, void, undefined> {
    const target = options.continueWith ?? model;
    const open: OpenBlocks = { text: new Set(), other: 0 };
    let current = first;
    let segment = 0;
    let delivered = '';
    let madeToolCalls = false;
    let carried: Usage = createUsage();
    for (;;) {
      // A continuation's first text block extends the block that was cut.
      const joinId = segment > 0 && open.text.size === 1 ? [...open.text][0] : undefined;
      let joinedId: string | undefined;
      const prefix = `resume-${segment}:`;
      try {
        for await (const part of current) {
          let out: ChatStreamPart | undefined = part;
          if (segment > 0) {
            switch (part.type) {
              case 'stream-start':
                out = undefined;
                break;
              case 'response-metadata':
                // Usage is added up at the finish part instead.
                out = {
                  type: 'response-metadata',
                  id: part.id,
                  modelId: part.modelId,
                  headers: part.headers,
                };
                break;
              case 'text-start':
                if (joinId !== undefined && joinedId === undefined) {
                  joinedId = part.id;
                  out = undefined;
                } else out = { ...part, id: prefix + part.id };
                break;
              case 'text-delta':
              case 'text-end':
                out = { ...part, id: part.id === joinedId ? joinId! : prefix + part.id };
                break;
              case 'reasoning-start':
              case 'reasoning-delta':
              case 'reasoning-end':
                out = { ...part, id: prefix + part.id };
                break;
              case 'finish':
                if (joinId !== undefined && open.text.has(joinId)) {
                  open.text.delete(joinId);
                  yield { type: 'text-end', id: joinId };
                }
                out = { ...part, usage: addUsage(carried, part.usage) };
                break;
              default:
                break;
            }
          }
          if (out === undefined) continue;
          track(out, open);
          if (out.type === 'text-delta') delivered += out.delta;
          if (out.type === 'tool-call') madeToolCalls = true;
          yield out;
        }
        return;
      } catch (error) {
        const interrupted = StreamInterruptedError.isInstance(error) ? error : undefined;
        if (
          interrupted === undefined ||
          segment >= maxResumes ||
          request.abortSignal?.aborted === true ||
          madeToolCalls ||
          open.other > 0 ||
          open.text.size > 1 ||
          !when(interrupted)
        ) {
          // Unwrapped, so the stitched stream reports everything it delivered.
          throw interrupted?.cause ?? error;
        }
        segment++;
        carried = addUsage(carried, interrupted.partial.usage);
        events.emit('resume', {
          ...context,
          resume: segment,
          error: interrupted.cause,
          deliveredTextLength: delivered.length,
        });
        try {
          current = await target.stream(continuation(request, delivered));
        } catch {
          const original: unknown = interrupted.cause ?? interrupted;
          throw original;
        }
      }
    }
  }

  return decorateModel(model, events, {
    generate: (request) => model.generate(request),
    stream: async (request) => {
      const first = await model.stream(request);
      if (maxResumes === 0) return first;
      return ChatStream.from(stitch(first, request, callContext(model, 'stream', request)), {
        provider: first.provider,
        modelId: first.modelId,
        abortSignal: request.abortSignal,
      });
    },
  });
}
