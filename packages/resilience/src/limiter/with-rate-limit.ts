import {
  RateLimitError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type Usage,
} from '@org/llm-core';
import { ResilienceEvents, type CallContext } from '../events/resilience-events.ts';
import { callContext } from '../internal/call-context.ts';
import { checkNumber } from '../internal/check-option.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { estimateInputTokens } from './estimate-request-tokens.ts';
import { LimiterRejectedError } from './limiter-rejected-error.ts';
import {
  RateLimiter,
  type LimitListener,
  type RateLease,
  type RateLimiterSettings,
} from './rate-limiter.ts';
import { readRateLimitHeaders } from './read-rate-limit-headers.ts';

/** Per-decorator options of {@link withRateLimit}. */
export interface RateLimitCallOptions {
  /**
   * Tokens a request will use, input plus output, estimated before it is
   * sent. Default: {@link estimateInputTokens} plus `maxOutputTokens` (or
   * `outputTokensEstimate` when the request sets none).
   */
  readonly estimateTokens?: ((request: ChatRequest) => number) | undefined;
  /** Output tokens assumed for a request without `maxOutputTokens`; default 500. */
  readonly outputTokensEstimate?: number | undefined;
  /** Where `onRateLimited` is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** Options of {@link withRateLimit}: limits of its own, or a {@link RateLimiter} shared by several models of one account. */
export type RateLimitOptions = RateLimitCallOptions &
  (
    | (RateLimiterSettings & { readonly limiter?: undefined })
    | {
        /** A limiter to share (one provider account used by several models). */
        readonly limiter: RateLimiter;
      }
  );

function usedTokens(usage: Usage): number | undefined {
  return usage.inputTokens === undefined || usage.outputTokens === undefined
    ? undefined
    : usage.inputTokens + usage.outputTokens;
}

/**
 * Keeps `model` under client-side requests-per-minute and tokens-per-minute
 * limits, so bursts queue here instead of collecting 429s. Tokens are
 * estimated before each call and the bucket is corrected from the actual
 * usage afterwards (a stream's at its end); provider rate-limit headers
 * (`x-ratelimit-remaining-*`, `anthropic-ratelimit-*`) lower the buckets to
 * what the account really has left, and a provider 429's Retry-After pauses
 * them. Over the limit, a call waits its turn (first in, first out) or, with
 * `onLimit: 'reject'` or a wait above `maxWaitMs`, fails at once with
 * {@link LimiterRejectedError}.
 *
 * @example
 * const model = withRateLimit(adapter, { requestsPerMinute: 500, tokensPerMinute: 200_000 });
 */
export function withRateLimit(model: ChatModel, options: RateLimitOptions): ResilientChatModel {
  checkNumber(options.outputTokensEstimate, 'rate limit outputTokensEstimate', { min: 0 });
  const limiter = options.limiter ?? new RateLimiter(options);
  const events = options.events ?? new ResilienceEvents();
  const outputTokensEstimate = options.outputTokensEstimate ?? 500;
  const estimate =
    options.estimateTokens ??
    ((request: ChatRequest): number =>
      estimateInputTokens(request) + (request.maxOutputTokens ?? outputTokensEstimate));

  function listenerFor(context: CallContext): LimitListener | undefined {
    if (!events.has('rateLimited')) return undefined;
    return (limit, action, waitMs) => {
      events.emit('rateLimited', {
        ...context,
        limit,
        action,
        waitMs: Number.isFinite(waitMs) ? waitMs : undefined,
      });
    };
  }

  function learnFromFailure(error: unknown): void {
    // Our own limiter's refusal says nothing about the provider.
    if (LimiterRejectedError.isInstance(error)) return;
    if (RateLimitError.isInstance(error) && error.kind === 'throttled') {
      // A 429's rate-limit headers tell how much capacity is really left.
      if (error.headers !== undefined) limiter.observe(readRateLimitHeaders(error.headers));
      if (error.retryAfterMs !== undefined) limiter.pause(error.retryAfterMs);
    }
  }

  function learnFromResult(lease: RateLease, result: ChatResult): void {
    lease.settle(usedTokens(result.usage));
    limiter.observe(readRateLimitHeaders(result.response.headers));
  }

  async function generate(request: ChatRequest): Promise<ChatResult> {
    const lease = await limiter.acquire(
      estimate(request),
      request.abortSignal,
      listenerFor(callContext(model, 'generate', request)),
    );
    try {
      const result = await model.generate(request);
      learnFromResult(lease, result);
      return result;
    } catch (error) {
      lease.settle(undefined);
      learnFromFailure(error);
      throw error;
    }
  }

  async function stream(request: ChatRequest): Promise<ChatStream> {
    const lease = await limiter.acquire(
      estimate(request),
      request.abortSignal,
      listenerFor(callContext(model, 'stream', request)),
    );
    let opened: ChatStream;
    try {
      opened = await model.stream(request);
    } catch (error) {
      lease.settle(undefined);
      learnFromFailure(error);
      throw error;
    }
    // The bucket is corrected when the stream ends; the limiter only watches.
    return opened.observe({
      onEnd: (outcome) => {
        if (outcome.ok) learnFromResult(lease, outcome.result);
        else lease.settle(undefined);
      },
    });
  }

  return decorateModel(model, events, { generate, stream });
}
