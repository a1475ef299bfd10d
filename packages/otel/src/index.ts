// Public API of @org/llm-otel.

export type { TracingOptions } from './with-tracing.ts';
export { withTracing } from './with-tracing.ts';
export { genAiAttributes, genAiProviderName, llmAttributes } from './gen-ai-attributes.ts';
export type { ResilienceEventSource } from './resilience-event-source.ts';
