/**
 * Prometheus metrics for any @org/llm ChatModel: requests, latency, time to first content, tokens,
 * cost, and the resilience layers' retries, fallbacks, hedges, limits and breakers.
 *
 * @module @org/llm-prometheus
 */

export type { MetricsOptions } from './with-metrics.ts';
export { outcomeOf, withMetrics } from './with-metrics.ts';
export type { MetricBuckets } from './llm-metrics.ts';
export { llmLatencyBuckets, tokensPerSecondBuckets } from './llm-metrics.ts';
export type { ResilienceEventSource } from './resilience-event-source.ts';
