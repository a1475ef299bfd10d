/** A model named by provider and id, as resilience events carry it. */
interface ModelRefLike {
  readonly provider: string;
  readonly modelId: string;
}

/** The failure an event carries, as far as a span needs it. */
type EventError = unknown;

/** The events of `@org/llm-resilience` this package records, by shape (it does not depend on that package). */
export interface ResilienceEventSource {
  /** An attempt failed and will be retried. */
  onRetry(
    listener: (event: {
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: { readonly code: string };
    }) => void,
  ): { dispose(): void };
  /** A fallback moved past a model. */
  onFallback(
    listener: (event: {
      readonly from: ModelRefLike;
      readonly to: ModelRefLike | undefined;
      readonly reason: string;
      readonly error: EventError;
    }) => void,
  ): { dispose(): void };
  /** A hedge started, was capped or won. */
  onHedge(
    listener: (event: {
      readonly action: string;
      readonly index: number;
      readonly model: ModelRefLike;
      readonly delayMs: number;
    }) => void,
  ): { dispose(): void };
  /** A per-attempt deadline expired. */
  onTimeout(
    listener: (event: {
      readonly phase: string;
      readonly timeoutMs: number;
      readonly afterCommit: boolean;
    }) => void,
  ): { dispose(): void };
  /** A client-side limit queued, delayed or rejected a call. */
  onRateLimited(
    listener: (event: {
      readonly limit: string;
      readonly action: string;
      readonly waitMs: number | undefined;
    }) => void,
  ): { dispose(): void };
}

const eventNames = ['onRetry', 'onFallback', 'onHedge', 'onTimeout', 'onRateLimited'] as const;

/** Whether `value` has the resilience events' shape (e.g. a `withResilience` model's `events`). */
export function isResilienceEventSource(value: unknown): value is ResilienceEventSource {
  if (typeof value !== 'object' || value === null) return false;
  const source = value as Record<string, unknown>;
  return eventNames.every((name) => typeof source[name] === 'function');
}
