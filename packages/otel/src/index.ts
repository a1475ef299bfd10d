/**
 * OpenTelemetry traces for any @org/llm ChatModel, following the GenAI semantic conventions: one
 * span per call, events for retries, fallbacks and hedges, traceparent propagation.
 *
 * @module @org/llm-otel
 */

export type { TracingOptions } from './with-tracing.ts';
export { withTracing } from './with-tracing.ts';
export { genAiAttributes, genAiProviderName, llmAttributes } from './gen-ai-attributes.ts';
export type { ResilienceEventSource } from './resilience-event-source.ts';
