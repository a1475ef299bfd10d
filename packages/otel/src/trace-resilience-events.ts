import { LlmError } from '@org/llm-core';
import { trace, context, type Attributes, type Span } from '@opentelemetry/api';
import { genAiAttributes } from './gen-ai-attributes.ts';
import type { ResilienceEventSource } from './resilience-event-source.ts';

const ref = (model: { readonly provider: string; readonly modelId: string }): string =>
  `${model.provider}:${model.modelId}`;

const codeOf = (error: unknown): string =>
  LlmError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'error';

/** Spans of `withTracing` calls still running: resilience events are recorded on these only. */
export const openCallSpans = new WeakSet<Span>();

/** Event sources already recorded (one subscription each, however many decorators share one). */
const traced = new WeakSet<object>();

function record(name: string, attributes: Attributes): void {
  const span = trace.getSpan(context.active());
  if (span !== undefined && openCallSpans.has(span)) span.addEvent(name, attributes);
}

/**
 * Records the resilience layers' decisions as events on the span of the call
 * they belong to: `llm.retry`, `llm.fallback`, `llm.hedge`, `llm.timeout`
 * and `llm.rate_limited`. The layers emit inside the call, where that span
 * is the active one (the innermost traced call); an event outside any
 * traced call (no context manager registered) is not recorded.
 */
export function traceResilienceEvents(events: ResilienceEventSource): void {
  if (traced.has(events)) return;
  traced.add(events);
  events.onRetry((event) => {
    record('llm.retry', {
      'llm.retry.attempt': event.attempt,
      'llm.retry.delay_ms': event.delayMs,
      [genAiAttributes.errorType]: event.error.code,
    });
  });
  events.onFallback((event) => {
    record('llm.fallback', {
      'llm.fallback.from': ref(event.from),
      'llm.fallback.to': event.to === undefined ? 'none' : ref(event.to),
      'llm.fallback.reason': event.reason,
      [genAiAttributes.errorType]: codeOf(event.error),
    });
  });
  events.onHedge((event) => {
    record('llm.hedge', {
      'llm.hedge.action': event.action,
      'llm.hedge.index': event.index,
      'llm.hedge.model': ref(event.model),
      'llm.hedge.delay_ms': event.delayMs,
    });
  });
  events.onTimeout((event) => {
    record('llm.timeout', {
      'llm.timeout.phase': event.phase,
      'llm.timeout.timeout_ms': event.timeoutMs,
      'llm.timeout.after_commit': event.afterCommit,
    });
  });
  events.onRateLimited((event) => {
    const attributes: Attributes = {
      'llm.rate_limit.limit': event.limit,
      'llm.rate_limit.action': event.action,
    };
    if (event.waitMs !== undefined) attributes['llm.rate_limit.wait_ms'] = event.waitMs;
    record('llm.rate_limited', attributes);
  });
}
