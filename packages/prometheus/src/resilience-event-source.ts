import type { Cost, Usage } from '@org/llm-core';

/** A model named by provider and id, as resilience events carry it. */
interface ModelRefLike {
  readonly provider: string;
  readonly modelId: string;
}

/** The events of `@org/llm-resilience` this package reads, by shape (it does not depend on that package). */
export interface ResilienceEventSource {
  /** An attempt failed and will be retried. */
  onRetry(
    listener: (
      event: ModelRefLike & {
        readonly error: { readonly code: string };
        readonly usage?: Usage | undefined;
        readonly cost?: Cost | undefined;
      },
    ) => void,
  ): { dispose(): void };
  /** A fallback moved past a model. */
  onFallback(
    listener: (event: {
      readonly from: ModelRefLike;
      readonly to: ModelRefLike | undefined;
      readonly reason: string;
      readonly usage?: Usage | undefined;
      readonly cost?: Cost | undefined;
    }) => void,
  ): { dispose(): void };
  /** A hedge started, was capped or won. */
  onHedge(listener: (event: { readonly action: string; readonly model: ModelRefLike }) => void): {
    dispose(): void;
  };
  /** A client-side limit queued, delayed or rejected a call. */
  onRateLimited(
    listener: (
      event: ModelRefLike & {
        readonly limit: string;
        readonly action: string;
        readonly waitMs: number | undefined;
      },
    ) => void,
  ): { dispose(): void };
  /** A per-attempt deadline expired. */
  onTimeout(listener: (event: ModelRefLike & { readonly phase: string }) => void): {
    dispose(): void;
  };
  /** A circuit opened. */
  onCircuitOpen(listener: (event: { readonly key: string }) => void): { dispose(): void };
  /** A circuit went half-open. */
  onCircuitHalfOpen(listener: (event: { readonly key: string }) => void): { dispose(): void };
  /** A circuit closed. */
  onCircuitClose(listener: (event: { readonly key: string }) => void): { dispose(): void };
}

const eventNames = [
  'onRetry',
  'onFallback',
  'onHedge',
  'onRateLimited',
  'onTimeout',
  'onCircuitOpen',
  'onCircuitHalfOpen',
  'onCircuitClose',
] as const;

/** Whether `value` has the resilience events' shape (e.g. a `withResilience` model's `events`). */
export function isResilienceEventSource(value: unknown): value is ResilienceEventSource {
  if (typeof value !== 'object' || value === null) return false;
  const source = value as Record<string, unknown>;
  return eventNames.every((name) => typeof source[name] === 'function');
}
