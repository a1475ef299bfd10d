import type { ResilienceEvents } from '@org/llm-resilience';
import { logs, type Logger, type LogLevel } from './logger.ts';
import { errorFields } from './redact-log-fields.ts';

const ref = (model: { readonly provider: string; readonly modelId: string }): string =>
  `${model.provider}:${model.modelId}`;

/**
 * Logs the resilience layers' decisions: retries, fallbacks and timeouts
 * (`warn`), circuits opening (`error`) and closing (`info`), hedges and
 * limiter waits (`debug`). Errors are logged in their plain, redacted form.
 * Returns a function that stops logging.
 */
export function logResilienceEvents(
  events: ResilienceEvents,
  logger: Logger,
  level: LogLevel,
  secrets: readonly string[] = [],
): () => void {
  if (level === 'off') return () => undefined;
  const subscriptions = [
    events.onRetry((event) => {
      if (!logs(level, 'warn')) return;
      logger.warn(
        {
          event: 'llm.retry',
          provider: event.provider,
          model: event.modelId,
          attempt: event.attempt,
          delayMs: event.delayMs,
          error: errorFields(event.error, secrets),
        },
        `attempt ${event.attempt} of ${ref(event)} failed (${event.error.code}); retrying in ${event.delayMs} ms`,
      );
    }),
    events.onFallback((event) => {
      if (!logs(level, 'warn')) return;
      logger.warn(
        {
          event: 'llm.fallback',
          from: ref(event.from),
          to: event.to === undefined ? undefined : ref(event.to),
          reason: event.reason,
          error: errorFields(event.error, secrets),
        },
        `${ref(event.from)} ${event.reason === 'unsupported' ? 'cannot serve the request' : 'failed'}; ${event.to === undefined ? 'no model left' : `trying ${ref(event.to)}`}`,
      );
    }),
    events.onTimeout((event) => {
      if (!logs(level, 'warn')) return;
      logger.warn(
        {
          event: 'llm.timeout',
          provider: event.provider,
          model: event.modelId,
          phase: event.phase,
          timeoutMs: event.timeoutMs,
          afterCommit: event.afterCommit,
        },
        `${ref(event)}: the ${event.phase} deadline of ${event.timeoutMs} ms expired`,
      );
    }),
    events.onCircuitOpen((event) => {
      if (!logs(level, 'error')) return;
      logger.error(
        {
          event: 'llm.circuit-open',
          circuit: event.key,
          halfOpenAfterMs: event.halfOpenAfterMs,
          error: errorFields(event.error, secrets),
        },
        `circuit ${event.key} opened: calls fail fast for ${event.halfOpenAfterMs} ms`,
      );
    }),
    events.onCircuitClose((event) => {
      if (!logs(level, 'info')) return;
      logger.info(
        { event: 'llm.circuit-close', circuit: event.key },
        `circuit ${event.key} closed`,
      );
    }),
    events.onHedge((event) => {
      if (!logs(level, 'debug')) return;
      logger.debug(
        { event: 'llm.hedge', action: event.action, index: event.index, model: ref(event.model) },
        `hedge ${event.action}: ${ref(event.model)}`,
      );
    }),
    events.onRateLimited((event) => {
      if (!logs(level, 'debug')) return;
      logger.debug(
        {
          event: 'llm.rate-limited',
          provider: event.provider,
          model: event.modelId,
          limit: event.limit,
          action: event.action,
          waitMs: event.waitMs,
        },
        `${ref(event)}: ${event.limit} limit ${event.action}`,
      );
    }),
  ];
  return () => {
    for (const subscription of subscriptions) subscription.dispose();
  };
}
