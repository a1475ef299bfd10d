import {
  computeCost,
  LlmError,
  StreamInterruptedError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type ChatStreamOutcome,
  type Cost,
  type ModelPricing,
  type Usage,
} from '@org/llm-core';
import { register, type Registry, type RegistryContentType } from 'prom-client';
import { llmMetricsIn, type LlmMetrics, type MetricBuckets } from './llm-metrics.ts';
import type { CounterSeries, HistogramSeries } from './metric-families.ts';
import { isResilienceEventSource, type ResilienceEventSource } from './resilience-event-source.ts';

/** Options of {@link withMetrics}. */
export interface MetricsOptions {
  /** The prom-client registry to record in; default prom-client's global `register`. */
  readonly registry?: Registry<RegistryContentType> | undefined;
  /** Start of every metric name; default `llm_`. */
  readonly prefix?: string | undefined;
  /**
   * Resilience events to count retries, fallbacks, hedges, limit waits,
   * timeouts and breaker states from. Default: the model's own `events`
   * when it has them (a `withResilience` model); `false` counts none.
   */
  readonly events?: ResilienceEventSource | false | undefined;
  /**
   * Histogram buckets. They are fixed when a registry's metrics are first
   * made: later `withMetrics` calls on the same registry and prefix share them.
   */
  readonly buckets?: MetricBuckets | undefined;
}

type Operation = 'generate' | 'stream';

interface ModelRefLike {
  readonly provider: string;
  readonly modelId: string;
}

/**
 * The model that answered a result, when a fallback or hedging layer chose
 * it (`providerMetadata.resilience`, what `answeredBy` of
 * `@org/llm-resilience` reads).
 */
function answeredByOf(result: ChatResult): ModelRefLike | undefined {
  const entry = result.providerMetadata?.resilience;
  return typeof entry?.provider === 'string' && typeof entry.modelId === 'string'
    ? { provider: entry.provider, modelId: entry.modelId }
    : undefined;
}

/** The series one decorated model writes to, resolved once. */
class ModelSeries {
  readonly #metrics: LlmMetrics;
  readonly #provider: string;
  readonly #model: string;
  readonly #pricing: ModelPricing | undefined;
  readonly #usage: UsageSeries;
  readonly inFlight: CounterSeries;
  readonly firstContent: HistogramSeries;
  readonly tokensPerSecond: Record<Operation, HistogramSeries>;
  readonly #outcomes: Record<
    Operation,
    Map<string, { count: CounterSeries; duration: HistogramSeries }>
  > = {
    generate: new Map(),
    stream: new Map(),
  };

  constructor(metrics: LlmMetrics, model: ChatModel) {
    this.#metrics = metrics;
    this.#provider = model.provider;
    this.#model = model.modelId;
    this.#pricing = model.capabilities.pricing;
    this.inFlight = metrics.inFlight.at(this.#provider, this.#model);
    this.#usage = usageSeriesOf(metrics, this.#provider, this.#model);
    this.firstContent = metrics.firstContent.at(this.#provider, this.#model);
    this.tokensPerSecond = {
      generate: metrics.tokensPerSecond.at(this.#provider, this.#model, 'generate'),
      stream: metrics.tokensPerSecond.at(this.#provider, this.#model, 'stream'),
    };
  }

  /** Counts one ended call and its duration in seconds. */
  ended(operation: Operation, outcome: string, seconds: number): void {
    const byOutcome = this.#outcomes[operation];
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      const labels = [this.#provider, this.#model, operation, outcome] as const;
      series = {
        count: this.#metrics.requests.at(...labels),
        duration: this.#metrics.duration.at(...labels),
      };
      byOutcome.set(outcome, series);
    }
    series.count.value++;
    series.duration.observe(seconds);
  }

  /**
   * Adds the tokens of `usage` and their cost (the result's own, else priced
   * here) to the model that answered: this one, or the one a fallback or
   * hedge chose (priced only by its own result then).
   */
  used(usage: Usage, cost: Cost | undefined, answeredBy?: ModelRefLike): void {
    if (
      answeredBy !== undefined &&
      (answeredBy.provider !== this.#provider || answeredBy.modelId !== this.#model)
    ) {
      const other = usageSeriesOf(this.#metrics, answeredBy.provider, answeredBy.modelId);
      recordUsage(this.#metrics, other, usage, cost);
      return;
    }
    recordUsage(this.#metrics, this.#usage, usage, cost ?? computeCost(usage, this.#pricing));
  }
}

/** The token and cost series of one model, resolved on first use. */
interface UsageSeries {
  readonly provider: string;
  readonly model: string;
  readonly input: CounterSeries;
  readonly output: CounterSeries;
  readonly cachedInput: CounterSeries;
  readonly cacheWrite: CounterSeries;
  readonly reasoning: CounterSeries;
  /** Made with the first cost: a model without prices gets no cost series, rather than a cost of 0. */
  cost: CounterSeries | undefined;
}

const usageSeries = new WeakMap<LlmMetrics, Map<string, UsageSeries>>();

function usageSeriesOf(metrics: LlmMetrics, provider: string, model: string): UsageSeries {
  let perModel = usageSeries.get(metrics);
  if (perModel === undefined) {
    perModel = new Map();
    usageSeries.set(metrics, perModel);
  }
  const key = `${provider}\u0001${model}`;
  let series = perModel.get(key);
  if (series === undefined) {
    const at = (type: string): CounterSeries => metrics.tokens.at(provider, model, type);
    series = {
      provider,
      model,
      input: at('input'),
      output: at('output'),
      cachedInput: at('cached_input'),
      cacheWrite: at('cache_write'),
      reasoning: at('reasoning'),
      cost: undefined,
    };
    perModel.set(key, series);
  }
  return series;
}

/** Adds `usage` (fields the provider did not report count nothing) and `cost` to a model's counters. */
function recordUsage(
  metrics: LlmMetrics,
  series: UsageSeries,
  usage: Usage | undefined,
  cost: Cost | undefined,
): void {
  if (usage !== undefined) {
    if (usage.inputTokens !== undefined) series.input.value += usage.inputTokens;
    if (usage.outputTokens !== undefined) series.output.value += usage.outputTokens;
    if (usage.cacheReadTokens !== undefined) series.cachedInput.value += usage.cacheReadTokens;
    if (usage.cacheWriteTokens !== undefined) series.cacheWrite.value += usage.cacheWriteTokens;
    if (usage.reasoningTokens !== undefined) series.reasoning.value += usage.reasoningTokens;
  }
  if (cost !== undefined) {
    series.cost ??= metrics.cost.at(series.provider, series.model);
    series.cost.value += cost.total;
  }
}

/**
 * The `outcome` label of a failed call: `aborted` for the caller's own
 * abort, `cancelled` when the reader closed a stream early, the error code
 * of an `LlmError`, else `error`.
 */
export function outcomeOf(error: unknown, request: ChatRequest): string {
  const signal = request.abortSignal;
  if (signal?.aborted === true && error === signal.reason) return 'aborted';
  if (LlmError.isInstance(error))
    return error.code === 'stream-consumed' ? 'cancelled' : error.code;
  return 'error';
}

/** Feeds the resilience events' counters (once per metrics and source). */
function subscribe(metrics: LlmMetrics, events: ResilienceEventSource): void {
  if (metrics.subscribed.has(events)) return;
  metrics.subscribed.add(events);
  events.onRetry((event) => {
    metrics.retries.at(event.provider, event.modelId, event.error.code).value++;
    if (event.usage !== undefined || event.cost !== undefined) {
      recordUsage(
        metrics,
        usageSeriesOf(metrics, event.provider, event.modelId),
        event.usage,
        event.cost,
      );
    }
  });
  events.onFallback((event) => {
    const to = event.to === undefined ? 'none' : `${event.to.provider}:${event.to.modelId}`;
    metrics.fallbacks.at(event.from.provider, event.from.modelId, to, event.reason).value++;
    if (event.usage !== undefined || event.cost !== undefined) {
      const series = usageSeriesOf(metrics, event.from.provider, event.from.modelId);
      recordUsage(metrics, series, event.usage, event.cost);
    }
  });
  events.onHedge((event) => {
    metrics.hedges.at(event.model.provider, event.model.modelId, event.action).value++;
  });
  events.onRateLimited((event) => {
    metrics.rateLimited.at(event.provider, event.modelId, event.limit, event.action).value++;
    if (event.waitMs !== undefined && event.action !== 'rejected') {
      metrics.rateLimitWait.at(event.provider, event.modelId, event.limit).value +=
        event.waitMs / 1000;
    }
  });
  events.onTimeout((event) => {
    metrics.timeouts.at(event.provider, event.modelId, event.phase).value++;
  });
  events.onCircuitOpen((event) => {
    metrics.circuitState.at(event.key).value = 2;
    metrics.circuitOpens.at(event.key).value++;
  });
  events.onCircuitHalfOpen((event) => {
    metrics.circuitState.at(event.key).value = 1;
  });
  events.onCircuitClose((event) => {
    metrics.circuitState.at(event.key).value = 0;
  });
}

/**
 * Records Prometheus metrics for every call of `model`, over prom-client:
 *
 * - `llm_requests_total{provider, model, operation, outcome}` and
 *   `llm_request_duration_seconds` (buckets 0.1 s to 120 s): `outcome` is
 *   `success`, the error code (`rate-limit`, `timeout`...), `aborted` or
 *   `cancelled`;
 * - `llm_time_to_first_content_seconds` (streams), `llm_output_tokens_per_second`;
 * - `llm_tokens_total{type}` (input, output, cached_input, cache_write,
 *   reasoning) and `llm_cost_usd_total` from the result's cost or the
 *   model's catalog prices, failed attempts included, counted against the
 *   model that answered (a fallback's or hedge's choice), while requests
 *   and latency count against the model called;
 * - `llm_requests_in_flight`;
 * - from the resilience events (the model's own, or `events`): retries,
 *   fallbacks, hedges, client-side limit waits, timeouts, breaker states.
 *
 * Labels are bounded: provider, model, operation, outcome and the like,
 * never a user, conversation or request id. A call costs well under a
 * microsecond: series are resolved once per model and the exposition is
 * built when the registry is scraped. Wrap the resilient model to measure
 * calls as the application sees them (retries inside one call); wrap the
 * adapters inside it to measure each attempt. The returned model keeps the
 * wrapped model's `events`, so decorators stacked on it find them too.
 *
 * @example
 * const registry = new Registry();
 * const model = withMetrics(withResilience([openai('gpt-4o'), claude]), { registry });
 * app.get('/metrics', async () => registry.metrics());
 */
export function withMetrics(model: ChatModel, options: MetricsOptions = {}): ChatModel {
  const metrics = llmMetricsIn(
    options.registry ?? register,
    options.prefix ?? 'llm_',
    options.buckets ?? {},
  );
  const candidate =
    options.events === false
      ? undefined
      : (options.events ?? (model as { readonly events?: unknown }).events);
  const events = isResilienceEventSource(candidate) ? candidate : undefined;
  if (events !== undefined) subscribe(metrics, events);
  const series = new ModelSeries(metrics, model);

  const generate = (request: ChatRequest): Promise<ChatResult> => {
    const startedAt = performance.now();
    series.inFlight.value++;
    return model.generate(request).then(
      (result) => {
        const seconds = (performance.now() - startedAt) / 1000;
        series.inFlight.value--;
        series.ended('generate', 'success', seconds);
        series.used(result.usage, result.cost, answeredByOf(result));
        const output = result.usage.outputTokens;
        if (output !== undefined && output > 0 && seconds > 0) {
          series.tokensPerSecond.generate.observe(output / seconds);
        }
        return result;
      },
      (error: unknown) => {
        series.inFlight.value--;
        series.ended('generate', outcomeOf(error, request), (performance.now() - startedAt) / 1000);
        if (StreamInterruptedError.isInstance(error)) series.used(error.partial.usage, undefined);
        throw error;
      },
    );
  };

  // A .then chain rather than an async function: one promise less per stream.
  const stream = (request: ChatRequest): Promise<ChatStream> => {
    const startedAt = performance.now();
    series.inFlight.value++;
    return model.stream(request).then(
      (opened) => {
        // stream() resolves at the commit point: its first content part has arrived.
        const committedAt = performance.now();
        if (opened.committed) series.firstContent.observe((committedAt - startedAt) / 1000);
        return opened.observe({
          onEnd: (outcome: ChatStreamOutcome) => {
            const endedAt = performance.now();
            series.inFlight.value--;
            if (outcome.ok) {
              series.ended('stream', 'success', (endedAt - startedAt) / 1000);
              // A stream names the model that streams (a fallback's choice included).
              series.used(outcome.result.usage, outcome.result.cost, opened);
              const output = outcome.result.usage.outputTokens;
              const seconds = (endedAt - committedAt) / 1000;
              if (output !== undefined && output > 0 && seconds > 0) {
                series.tokensPerSecond.stream.observe(output / seconds);
              }
              return;
            }
            series.ended('stream', outcomeOf(outcome.error, request), (endedAt - startedAt) / 1000);
            // A stream that broke after content was billed for what it produced.
            if (StreamInterruptedError.isInstance(outcome.error)) {
              series.used(outcome.error.partial.usage, undefined, opened);
            }
          },
        });
      },
      (error: unknown) => {
        series.inFlight.value--;
        series.ended('stream', outcomeOf(error, request), (performance.now() - startedAt) / 1000);
        throw error;
      },
    );
  };

  const decorated: ChatModel = {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    generate,
    stream,
  };
  // Keep the wrapped model's events, so a decorator stacked on this one finds them too.
  return events === undefined ? decorated : Object.assign(decorated, { events });
}
