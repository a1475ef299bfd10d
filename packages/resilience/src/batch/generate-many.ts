import type { ChatModel, ChatRequest, ChatResult } from '@org/llm-core';
import { checkNumber } from '../internal/check-option.ts';
import { reportListenerError } from '../internal/report-listener-error.ts';

/** Where a batch stands; reported after every request that settles. */
export interface BatchProgress {
  /** Requests in the batch. */
  readonly total: number;
  /** Requests answered. */
  readonly succeeded: number;
  /** Requests failed (aborted ones included). */
  readonly failed: number;
  /** Requests running now. */
  readonly inFlight: number;
  /** Requests not started yet. */
  readonly pending: number;
  /** Input tokens of the answered requests so far. */
  readonly inputTokens: number;
  /** Output tokens of the answered requests so far. */
  readonly outputTokens: number;
}

/** One request's outcome, like `Promise.allSettled`'s. */
export type GenerateManyResult =
  | { readonly status: 'fulfilled'; readonly value: ChatResult }
  | { readonly status: 'rejected'; readonly reason: unknown };

/** Options of {@link generateMany}. */
export interface GenerateManyOptions {
  /** Requests running at once; default 4. */
  readonly concurrency?: number | undefined;
  /**
   * Called after each request settles, with the batch's totals and which
   * request it was. A listener that throws does not stop the batch (its
   * error is reported as a process warning).
   */
  readonly onProgress?:
    | ((progress: BatchProgress, settled: { readonly index: number; readonly ok: boolean }) => void)
    | undefined;
  /** Stops the batch: no new request starts, running ones are aborted; all settle as rejected. */
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Runs `requests` through `model.generate` with at most `concurrency` at a
 * time and returns one settled result per request, in input order: one
 * failure never fails the batch. Put the model behind `withResilience`
 * (retries, rate limits) for large batches; `onProgress` reports done,
 * failed, in-flight and token totals as they change.
 *
 * @example
 * const results = await generateMany(model, prompts.map((text) => ({ messages: [{ role: 'user', content: text }] })), {
 *   concurrency: 8,
 *   onProgress: ({ succeeded, failed, total }) => console.log(`${succeeded + failed}/${total}`),
 * });
 */
export async function generateMany(
  model: ChatModel,
  requests: readonly ChatRequest[],
  options: GenerateManyOptions = {},
): Promise<GenerateManyResult[]> {
  checkNumber(options.concurrency, 'generateMany concurrency', { min: 1, integer: true });
  const concurrency = options.concurrency ?? 4;
  const batchSignal = options.abortSignal;
  const onProgress = options.onProgress;
  const total = requests.length;
  const results = new Array<GenerateManyResult>(total);
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  let inFlight = 0;
  let inputTokens = 0;
  let outputTokens = 0;

  const report = (index: number, ok: boolean): void => {
    if (onProgress === undefined) return;
    try {
      onProgress(
        {
          total,
          succeeded,
          failed,
          inFlight,
          // Not `total - next`: a worker that finds the batch done still moves `next` on.
          pending: total - succeeded - failed - inFlight,
          inputTokens,
          outputTokens,
        },
        { index, ok },
      );
    } catch (error) {
      reportListenerError(error);
    }
  };

  const signalFor = (request: ChatRequest): AbortSignal | undefined => {
    if (batchSignal === undefined) return request.abortSignal;
    if (request.abortSignal === undefined) return batchSignal;
    return AbortSignal.any([batchSignal, request.abortSignal]);
  };

  const worker = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      const request = requests[index]!;
      if (batchSignal?.aborted === true) {
        results[index] = { status: 'rejected', reason: batchSignal.reason };
        failed++;
        report(index, false);
        continue;
      }
      inFlight++;
      try {
        const signal = signalFor(request);
        const value = await model.generate(
          signal === request.abortSignal ? request : { ...request, abortSignal: signal },
        );
        results[index] = { status: 'fulfilled', value };
        succeeded++;
        inputTokens += value.usage.inputTokens ?? 0;
        outputTokens += value.usage.outputTokens ?? 0;
        inFlight--;
        report(index, true);
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
        failed++;
        inFlight--;
        report(index, false);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
