import type { ChatModel } from '@org/llm-core';
import { withTracing } from '@org/llm-otel';
import { trace } from '@opentelemetry/api';

/**
 * Traces `model` (e.g. a `withResilience` model, whose retries, fallbacks
 * and hedges become span events) with the application's tracer.
 */
export function traced(model: ChatModel): ChatModel {
  return withTracing(model, {
    tracer: trace.getTracer('support-bot'),
    // Send `traceparent` to the provider (or your own gateway).
    propagateContext: true,
  });
}
