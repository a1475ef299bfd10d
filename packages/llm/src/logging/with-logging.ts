import {
  computeCost,
  LlmError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
} from '@org/llm-core';
import { logs, type Logger, type LogLevel } from './logger.ts';
import { errorFields, redactLogFields } from './redact-log-fields.ts';

/** Options of {@link withLogging}. */
export interface LoggingOptions {
  /** Where records go (a pino logger fits). */
  readonly logger: Logger;
  /** The least important level logged; default `info`. `off` returns the model unchanged. */
  readonly level?: LogLevel | undefined;
  /** Exact secrets (API keys) to scrub from every record, on top of key-like text. */
  readonly secrets?: readonly string[] | undefined;
}

function outcomeOf(error: unknown, request: ChatRequest): 'aborted' | 'cancelled' | 'failed' {
  const signal = request.abortSignal;
  if (signal?.aborted === true && error === signal.reason) return 'aborted';
  if (LlmError.isInstance(error) && error.code === 'stream-consumed') return 'cancelled';
  return 'failed';
}

/**
 * Logs every call of `model`: its start (`debug`), its result (`info`: time,
 * finish reason, usage, cost, response id) and its failure (`error`, or
 * `info` for the caller's abort and a reader that closed a stream early),
 * as structured records through a pino-compatible logger. Records carry
 * no prompt or answer text and no header; every string is scrubbed of
 * `secrets` and of anything that looks like a key.
 *
 * @example
 * const model = withLogging(openai('gpt-4o-mini'), { logger: pino() });
 */
export function withLogging(model: ChatModel, options: LoggingOptions): ChatModel {
  const level = options.level ?? 'info';
  if (level === 'off') return model;
  const { logger } = options;
  const secrets = options.secrets ?? [];
  const base = { provider: model.provider, model: model.modelId };
  const pricing = model.capabilities.pricing;

  const started = (operation: string, request: ChatRequest): void => {
    if (!logs(level, 'debug')) return;
    logger.debug(
      { ...base, operation, messages: request.messages.length, event: 'llm.request' },
      `${operation} ${model.provider}:${model.modelId}`,
    );
  };
  const succeeded = (operation: string, startedAt: number, result: ChatResult): void => {
    if (!logs(level, 'info')) return;
    const cost = result.cost ?? computeCost(result.usage, pricing);
    logger.info(
      redactLogFields(
        {
          ...base,
          operation,
          event: 'llm.response',
          durationMs: Math.round(performance.now() - startedAt),
          finishReason: result.finishReason.unified,
          usage: result.usage,
          costUsd: cost?.total,
          responseId: result.response.id,
          responseModel: result.response.modelId,
        },
        secrets,
      ),
      `${operation} ${model.provider}:${model.modelId} answered`,
    );
  };
  const failed = (
    operation: string,
    startedAt: number,
    error: unknown,
    request: ChatRequest,
  ): void => {
    const outcome = outcomeOf(error, request);
    const at = outcome === 'failed' ? 'error' : 'info';
    if (!logs(level, at)) return;
    logger[at](
      {
        ...base,
        operation,
        event: 'llm.error',
        outcome,
        durationMs: Math.round(performance.now() - startedAt),
        error: errorFields(error, secrets),
      },
      `${operation} ${model.provider}:${model.modelId} ${outcome === 'failed' ? 'failed' : outcome}`,
    );
  };

  const generate = (request: ChatRequest): Promise<ChatResult> => {
    const startedAt = performance.now();
    started('generate', request);
    return model.generate(request).then(
      (result) => {
        succeeded('generate', startedAt, result);
        return result;
      },
      (error: unknown) => {
        failed('generate', startedAt, error, request);
        throw error;
      },
    );
  };

  const stream = async (request: ChatRequest): Promise<ChatStream> => {
    const startedAt = performance.now();
    started('stream', request);
    let opened: ChatStream;
    try {
      opened = await model.stream(request);
    } catch (error) {
      failed('stream', startedAt, error, request);
      throw error;
    }
    return opened.observe({
      onEnd: (outcome) => {
        if (outcome.ok) succeeded('stream', startedAt, outcome.result);
        else failed('stream', startedAt, outcome.error, request);
      },
    });
  };

  const decorated: ChatModel = {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    generate,
    stream,
  };
  const events = (model as { readonly events?: unknown }).events;
  // Keep the wrapped model's events, so a decorator stacked on this one finds them too.
  return events === undefined ? decorated : Object.assign(decorated, { events });
}
