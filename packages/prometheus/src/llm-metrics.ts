import { ConfigError } from '@org/llm-core';
import type { Registry, RegistryContentType } from 'prom-client';
import { CounterFamily, GaugeFamily, HistogramFamily } from './metric-families.ts';

/**
 * Latency buckets in seconds, fit for LLM calls: from a cached or tiny
 * answer (0.1 s) to a long reasoning answer (120 s).
 */
export const llmLatencyBuckets: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120,
];

/** Output-throughput buckets in tokens per second (local models to the fastest hosted ones). */
export const tokensPerSecondBuckets: readonly number[] = [
  1, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000,
];

/** Histogram buckets of the metrics `withMetrics` registers (its `buckets` option). */
export interface MetricBuckets {
  /** Upper bounds of the latency and time-to-first-content histograms, in seconds; default {@link llmLatencyBuckets}. */
  readonly latencySeconds?: readonly number[] | undefined;
  /** Upper bounds of the output tokens per second histogram; default {@link tokensPerSecondBuckets}. */
  readonly tokensPerSecond?: readonly number[] | undefined;
}

/** Every metric family, registered once per registry and prefix. */
export class LlmMetrics {
  readonly requests: CounterFamily;
  readonly duration: HistogramFamily;
  readonly firstContent: HistogramFamily;
  readonly tokensPerSecond: HistogramFamily;
  readonly tokens: CounterFamily;
  readonly cost: CounterFamily;
  readonly inFlight: GaugeFamily;
  readonly retries: CounterFamily;
  readonly fallbacks: CounterFamily;
  readonly hedges: CounterFamily;
  readonly rateLimited: CounterFamily;
  readonly rateLimitWait: CounterFamily;
  readonly timeouts: CounterFamily;
  readonly circuitState: GaugeFamily;
  readonly circuitOpens: CounterFamily;
  /** Event sources already feeding these metrics (one subscription each). */
  readonly subscribed = new WeakSet<object>();

  constructor(prefix: string, buckets: MetricBuckets) {
    const latency = buckets.latencySeconds ?? llmLatencyBuckets;
    const model = ['provider', 'model'];
    this.requests = new CounterFamily(
      `${prefix}requests_total`,
      'Chat model calls by outcome: success, or the error code (rate-limit, timeout, ...), aborted, cancelled.',
      [...model, 'operation', 'outcome'],
    );
    this.duration = new HistogramFamily(
      `${prefix}request_duration_seconds`,
      'Duration of chat model calls, in seconds: a generate until its result, a stream until its end.',
      [...model, 'operation', 'outcome'],
      latency,
    );
    this.firstContent = new HistogramFamily(
      `${prefix}time_to_first_content_seconds`,
      'Time from a stream call to its first content part (text, reasoning or tool call), in seconds.',
      model,
      latency,
    );
    this.tokensPerSecond = new HistogramFamily(
      `${prefix}output_tokens_per_second`,
      'Output tokens per second: after the first content for a stream, over the whole call for a generate.',
      [...model, 'operation'],
      buckets.tokensPerSecond ?? tokensPerSecondBuckets,
    );
    this.tokens = new CounterFamily(
      `${prefix}tokens_total`,
      'Tokens by type: input (cache reads and writes included), output (reasoning included), cached_input, cache_write, reasoning.',
      [...model, 'type'],
    );
    this.cost = new CounterFamily(
      `${prefix}cost_usd_total`,
      "Cost of calls and failed attempts in US dollars, from the model catalog's prices.",
      model,
    );
    this.inFlight = new GaugeFamily(
      `${prefix}requests_in_flight`,
      'Calls started and not ended (a stream ends when it is read to its end, fails or is cancelled).',
      model,
    );
    this.retries = new CounterFamily(
      `${prefix}retries_total`,
      'Attempts that failed and were retried, by the error code of the failure.',
      [...model, 'reason'],
    );
    this.fallbacks = new CounterFamily(
      `${prefix}fallbacks_total`,
      "Fallbacks away from a model: to is the next model's provider:model, or none; reason is error or unsupported.",
      [...model, 'to', 'reason'],
    );
    this.hedges = new CounterFamily(
      `${prefix}hedges_total`,
      'Hedging decisions: started, capped (cap on hedges in flight reached), won (a hedge answered first).',
      [...model, 'action'],
    );
    this.rateLimited = new CounterFamily(
      `${prefix}rate_limited_total`,
      'Calls a client-side limit queued, delayed or rejected, by limit (concurrency, requests-per-minute, tokens-per-minute).',
      [...model, 'limit', 'action'],
    );
    this.rateLimitWait = new CounterFamily(
      `${prefix}rate_limit_wait_seconds_total`,
      'Expected waits imposed by client-side limits, in seconds.',
      [...model, 'limit'],
    );
    this.timeouts = new CounterFamily(
      `${prefix}timeouts_total`,
      'Per-attempt deadlines that expired, by phase (first-content, idle, attempt).',
      [...model, 'phase'],
    );
    this.circuitState = new GaugeFamily(
      `${prefix}circuit_state`,
      'Circuit breaker state by breaker key: 0 closed, 1 half-open, 2 open.',
      ['circuit'],
    );
    this.circuitOpens = new CounterFamily(
      `${prefix}circuit_opens_total`,
      'Times a circuit breaker opened, by breaker key.',
      ['circuit'],
    );
  }

  /** Every family, in exposition order. */
  families(): readonly (CounterFamily | GaugeFamily | HistogramFamily)[] {
    return [
      this.requests,
      this.duration,
      this.firstContent,
      this.tokensPerSecond,
      this.tokens,
      this.cost,
      this.inFlight,
      this.retries,
      this.fallbacks,
      this.hedges,
      this.rateLimited,
      this.rateLimitWait,
      this.timeouts,
      this.circuitState,
      this.circuitOpens,
    ];
  }
}

const byRegistry = new WeakMap<Registry<RegistryContentType>, Map<string, LlmMetrics>>();

/**
 * The metrics of `registry` under `prefix`, registered on first use; every
 * decorator on the same registry and prefix shares them.
 *
 * @throws ConfigError when the registry already holds another metric by one of these names.
 */
export function llmMetricsIn(
  registry: Registry<RegistryContentType>,
  prefix: string,
  buckets: MetricBuckets,
): LlmMetrics {
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw new ConfigError(
      `withMetrics: prefix '${prefix}' is not a valid start of a Prometheus metric name; use letters, digits, _ and :, not starting with a digit (default 'llm_').`,
    );
  }
  let perPrefix = byRegistry.get(registry);
  if (perPrefix === undefined) {
    perPrefix = new Map();
    byRegistry.set(registry, perPrefix);
  }
  let metrics = perPrefix.get(prefix);
  if (metrics === undefined) {
    metrics = new LlmMetrics(prefix, buckets);
    for (const family of metrics.families()) {
      if (registry.getSingleMetric(family.name) !== undefined) {
        throw new ConfigError(
          `withMetrics: the registry already has a metric named '${family.name}' that this package did not register; pass another prefix (default 'llm_').`,
        );
      }
    }
    for (const family of metrics.families()) family.registerIn(registry);
    perPrefix.set(prefix, metrics);
  }
  return metrics;
}
