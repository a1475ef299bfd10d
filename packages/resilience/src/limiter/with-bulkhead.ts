import type { ChatModel, ChatRequest, ChatResult, ChatStream } from '@org/llm-core';
import { BulkheadRejectedError, bulkhead, type BulkheadPolicy } from 'cockatiel';
import { ResilienceEvents, type CallContext } from '../events/resilience-events.ts';
import { callContext } from '../internal/call-context.ts';
import { checkNumber } from '../internal/check-option.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { LimiterRejectedError } from './limiter-rejected-error.ts';

/** Options of {@link withBulkhead}. */
export interface BulkheadOptions {
  /** Calls in flight at once; a stream holds its slot until it ends. */
  readonly maxConcurrent: number;
  /** Calls that may wait for a slot; more are rejected at once. Default: `maxConcurrent`. */
  readonly maxQueued?: number | undefined;
  /** Where `onRateLimited` (limit `concurrency`) is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** A model behind a bulkhead; `slots` tells how full it is. */
export interface BulkheadChatModel extends ResilientChatModel {
  /** Free execution and queue slots right now. */
  readonly slots: () => { readonly executing: number; readonly queued: number };
}

/**
 * Limits how many calls `model` runs at once (cockatiel's `bulkhead`), with
 * a bounded queue: a call beyond both fails at once with
 * {@link LimiterRejectedError} (`limit: 'concurrency'`). A stream keeps its
 * slot until it ends, fails or its reader stops: read or close every stream.
 * A queued call whose signal aborts leaves at once with the signal's reason.
 *
 * @example
 * const model = withBulkhead(adapter, { maxConcurrent: 16, maxQueued: 64 });
 */
export function withBulkhead(model: ChatModel, options: BulkheadOptions): BulkheadChatModel {
  checkNumber(options.maxConcurrent, 'bulkhead maxConcurrent', { min: 1, integer: true });
  checkNumber(options.maxQueued, 'bulkhead maxQueued', { min: 0, integer: true });
  const maxQueued = options.maxQueued ?? options.maxConcurrent;
  const policy: BulkheadPolicy = bulkhead(options.maxConcurrent, maxQueued);
  const events = options.events ?? new ResilienceEvents();

  function rejection(error: unknown, context: CallContext): unknown {
    if (!(error instanceof BulkheadRejectedError)) return error;
    events.emit('rateLimited', {
      ...context,
      limit: 'concurrency',
      action: 'rejected',
      waitMs: undefined,
    });
    return new LimiterRejectedError(
      `${options.maxConcurrent} calls to ${model.provider}:${model.modelId} are already running and ${maxQueued} more are waiting, so this one was refused: raise maxConcurrent or maxQueued, or let a fallback take it.`,
      { limit: 'concurrency', provider: model.provider, modelId: model.modelId },
    );
  }

  /**
   * Runs `work` in a slot. `work` delivers the caller's value as soon as it
   * has one and resolves when the slot may be freed (for a stream, its end).
   */
  function inSlot<T>(
    request: ChatRequest,
    operation: CallContext['operation'],
    work: (deliver: (value: T) => void) => Promise<unknown>,
  ): Promise<T> {
    const caller = request.abortSignal;
    if (caller?.aborted === true) return Promise.reject(caller.reason as Error);
    const context = callContext(model, operation, request);
    if (policy.executionSlots === 0 && policy.queueSlots > 0 && events.has('rateLimited')) {
      events.emit('rateLimited', {
        ...context,
        limit: 'concurrency',
        action: 'queued',
        waitMs: undefined,
      });
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        // Still queued: cockatiel would only notice when a slot frees up.
        if (settled) return;
        settled = true;
        reject(caller?.reason as Error);
      };
      caller?.addEventListener('abort', onAbort, { once: true });
      const deliver = (value: T): void => {
        caller?.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        resolve(value);
      };
      policy
        .execute(() => {
          if (settled) return undefined; // Aborted while queued: give the slot back at once.
          return work(deliver);
        }, caller)
        .catch((error: unknown) => {
          caller?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          reject(caller?.aborted === true ? (caller.reason as unknown) : rejection(error, context));
        });
    });
  }

  return decorateModel(
    model,
    events,
    {
      generate: (request) =>
        inSlot<ChatResult>(request, 'generate', async (deliver) => {
          deliver(await model.generate(request));
        }),
      stream: (request) =>
        inSlot<ChatStream>(request, 'stream', async (deliver) => {
          const stream = await model.stream(request);
          // The slot is held until the stream ends, however it ends; the
          // bulkhead only watches, the caller reads.
          const ended = new Promise<void>((resolve) => {
            stream.observe({
              onEnd: () => {
                resolve();
              },
            });
          });
          deliver(stream);
          await ended;
        }),
    },
    { slots: () => ({ executing: policy.executionSlots, queued: policy.queueSlots }) },
  );
}
