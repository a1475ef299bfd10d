import {
  ConfigError,
  UnsupportedFeatureError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type FailedAttempt,
  type ModelCapabilities,
} from '@org/llm-core';
import { ResilienceEvents, type CallContext, type ModelRef } from '../events/resilience-events.ts';
import { throwIfAborted } from '../internal/abort.ts';
import { allAttemptsFailed } from '../internal/all-attempts-failed.ts';
import { attemptUsage } from '../internal/attempt-usage.ts';
import { callContext, modelKey, modelRef } from '../internal/call-context.ts';
import { decorateModel, type ResilientChatModel } from '../resilient-chat-model.ts';
import { markAnsweredBy } from './answered-by.ts';
import { missingCapability } from './missing-capability.ts';
import { shouldFallBack } from './should-fall-back.ts';

/** What {@link FallbackOptions.when} is told about a failure. */
export interface FallbackDecisionContext extends CallContext {
  /** The model that failed. */
  readonly from: ModelRef;
  /** Its index in the list (0 is the primary). */
  readonly index: number;
}

/** Options of {@link withFallback}. */
export interface FallbackOptions {
  /** Whether to move on after an error; default {@link shouldFallBack}. Anything else is rethrown as is. */
  readonly when?: ((error: unknown, context: FallbackDecisionContext) => boolean) | undefined;
  /**
   * Input-token estimate used to check context windows; default
   * `estimateInputTokens`.
   */
  readonly estimateTokens?: ((request: ChatRequest) => number) | undefined;
  /** Where `onFallback` is emitted; default a new {@link ResilienceEvents}. */
  readonly events?: ResilienceEvents | undefined;
}

/** What every model of the list can do together: a request is served if any of them can serve it. */
function combinedCapabilities(models: readonly ChatModel[]): ModelCapabilities {
  const max = (values: (number | undefined)[]): number | undefined => {
    const known = values.filter((value): value is number => value !== undefined);
    return known.length === 0 ? undefined : Math.max(...known);
  };
  const any = (key: keyof Omit<ModelCapabilities, 'contextWindow' | 'maxOutputTokens'>): boolean =>
    models.some((model) => model.capabilities[key]);
  return {
    tools: any('tools'),
    parallelToolCalls: any('parallelToolCalls'),
    vision: any('vision'),
    jsonOutput: any('jsonOutput'),
    jsonSchemaOutput: any('jsonSchemaOutput'),
    reasoning: any('reasoning'),
    contextWindow: max(models.map((model) => model.capabilities.contextWindow)),
    maxOutputTokens: max(models.map((model) => model.capabilities.maxOutputTokens)),
  };
}

/**
 * Tries `models` in order until one answers. It moves on after errors
 * `when` accepts (by default {@link shouldFallBack}: retryable failures, open
 * circuits, Retry-After waits too long to sleep on, rate limits, timeouts...)
 * and skips, without calling, any model whose capabilities cannot serve the
 * request (tools, images, JSON or JSON-schema output, context window), so a
 * request is never silently degraded. Any other error is rethrown as is.
 * When every model failed or was skipped it rejects with
 * `AllAttemptsFailedError`, which lists each one and its error (a skipped
 * model's is an `UnsupportedFeatureError`).
 *
 * A stream falls back only before its commit point. The answering model is
 * the stream's `provider` / `modelId`, and for `generate()` is recorded in
 * `providerMetadata.resilience` (read it with `answeredBy`). The combined
 * model reports the primary's provider and id, and the union of the
 * models' capabilities.
 *
 * @example
 * const model = withFallback([openai('gpt-4o'), anthropic('claude-sonnet-4-5')]);
 */
export function withFallback(
  models: readonly ChatModel[],
  options: FallbackOptions = {},
): ResilientChatModel {
  const primary = models[0];
  if (primary === undefined) {
    throw new ConfigError('withFallback needs at least one model: pass [primary, ...fallbacks].');
  }
  const events = options.events ?? new ResilienceEvents();
  const when = options.when ?? shouldFallBack;
  const estimateTokens = options.estimateTokens;
  const refs = models.map(modelRef);

  async function run<T>(
    operation: CallContext['operation'],
    request: ChatRequest,
    call: (model: ChatModel) => Promise<T>,
  ): Promise<{ readonly value: T; readonly model: ModelRef }> {
    const caller = request.abortSignal;
    const context = callContext(primary!, operation, request);
    const attempts: FailedAttempt[] = [];
    for (const [index, model] of models.entries()) {
      throwIfAborted(caller);
      const from = refs[index]!;
      const to = refs[index + 1];
      const missing = missingCapability(model, request, estimateTokens);
      if (missing !== undefined) {
        const error = new UnsupportedFeatureError(
          `${modelKey(from)} was skipped: it cannot serve ${missing.feature} (${missing.reason}).`,
          { feature: missing.feature, provider: from.provider, modelId: from.modelId },
        );
        attempts.push({ ...from, error });
        events.emit('fallback', {
          ...context,
          from,
          to,
          reason: 'unsupported',
          error,
          usage: undefined,
          cost: undefined,
        });
        continue;
      }
      try {
        return { value: await call(model), model: from };
      } catch (error) {
        throwIfAborted(caller);
        const used = attemptUsage(model, error);
        attempts.push({ ...from, error, ...used });
        if (!when(error, { ...context, from, index })) throw error;
        events.emit('fallback', { ...context, from, to, reason: 'error', error, ...used });
      }
    }
    throw allAttemptsFailed(
      'Every model failed or could not serve the request',
      refs[0]!,
      attempts,
    );
  }

  const combined = decorateModel(primary, events, {
    generate: async (request): Promise<ChatResult> => {
      const { value, model } = await run('generate', request, (next) => next.generate(request));
      return markAnsweredBy(value, model);
    },
    stream: async (request): Promise<ChatStream> =>
      (await run('stream', request, (next) => next.stream(request))).value,
  });
  return { ...combined, capabilities: combinedCapabilities(models) };
}
