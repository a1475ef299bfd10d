import type { ChatModel } from '@org/llm-core';
import { withMetrics } from '@org/llm-prometheus';
import type { Registry } from 'prom-client';

/** Meters `model` (e.g. a `withResilience` model, whose events it counts too) in `registry`. */
export function meter(model: ChatModel, registry: Registry): ChatModel {
  return withMetrics(model, { registry });
}

// Serve `await registry.metrics()` with `registry.contentType` on /metrics.
