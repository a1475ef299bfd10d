import {
  computeCost,
  LlmError,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
} from '@org/llm-core';
import { redactSecrets } from '@org/llm-core/adapter-kit';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { inputContentAttributes, outputContentAttributes } from './content-attributes.ts';
import {
  genAiAttributes,
  llmAttributes,
  requestAttributes,
  resultAttributes,
} from './gen-ai-attributes.ts';
import { isResilienceEventSource, type ResilienceEventSource } from './resilience-event-source.ts';
import { openCallSpans, traceResilienceEvents } from './trace-resilience-events.ts';

/** Options of {@link withTracing}. */
export interface TracingOptions {
  /** The tracer spans come from; default `trace.getTracer('@org/llm-otel')` of the global provider. */
  readonly tracer?: Tracer | undefined;
  /**
   * Record the prompt and the answer as `gen_ai.system_instructions`,
   * `gen_ai.input.messages` and `gen_ai.output.messages`; default `false`,
   * as they hold user data. Image bytes are never recorded.
   */
  readonly captureContent?: boolean | undefined;
  /**
   * Send the span's context to the provider in the request headers
   * (`traceparent`, and `tracestate` when there is one), through the global
   * propagator (the Node SDK registers W3C Trace Context); default `false`.
   */
  readonly propagateContext?: boolean | undefined;
  /**
   * Resilience events to record as span events (retries, fallbacks,
   * hedges, timeouts, limit waits). Default: the model's own `events` when
   * it has them (a `withResilience` model); `false` records none. They reach
   * the span through the active context, so a context manager must be
   * registered (the Node SDK registers one).
   */
  readonly events?: ResilienceEventSource | false | undefined;
}

/** Which error an ended span reports: the error code, `aborted` or `cancelled`. */
function errorType(error: unknown, request: ChatRequest): string {
  const signal = request.abortSignal;
  if (signal?.aborted === true && error === signal.reason) return 'aborted';
  if (LlmError.isInstance(error))
    return error.code === 'stream-consumed' ? 'cancelled' : error.code;
  return error instanceof Error ? error.name : 'error';
}

/**
 * Traces every call of `model` with one span following the OpenTelemetry
 * GenAI semantic conventions: named `chat <model>`, kind CLIENT, with
 * `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`,
 * the request settings (`max_tokens`, `temperature`, `top_p`,
 * `stop_sequences`, `seed`), and when it ends `gen_ai.response.id`,
 * `gen_ai.response.model`, `gen_ai.response.finish_reasons` and the usage
 * (`gen_ai.usage.input_tokens`, `output_tokens`, cache reads and writes),
 * plus `llm.cost.usd`. A stream's span ends with the stream and records its
 * first content as an event (`llm.first_content`).
 *
 * A failure sets the span's status to ERROR with the error's (redacted)
 * message and `error.type` to its code. Retries, fallbacks, hedges,
 * timeouts and limit waits of a resilient model become span events.
 * Content is captured only with `captureContent`; the context goes to the
 * provider as `traceparent` only with `propagateContext`.
 *
 * The span is the active one while the call runs, so spans of the HTTP
 * layer (undici instrumentation) become its children. The returned model
 * keeps the wrapped model's `events`.
 *
 * @example
 * const model = withTracing(withResilience([openai('gpt-4o'), claude]), {
 *   tracer: trace.getTracer('my-app'),
 * });
 */
export function withTracing(model: ChatModel, options: TracingOptions = {}): ChatModel {
  const tracer = options.tracer ?? trace.getTracer('@org/llm-otel');
  const capture = options.captureContent === true;
  const propagate = options.propagateContext === true;
  const spanName = `chat ${model.modelId}`;
  const pricing = model.capabilities.pricing;
  const candidate =
    options.events === false
      ? undefined
      : (options.events ?? (model as { readonly events?: unknown }).events);
  const events = isResilienceEventSource(candidate) ? candidate : undefined;
  if (events !== undefined) traceResilienceEvents(events);
  const open = openCallSpans;

  /** Starts the call's span; it is recorded only when the tracer samples it. */
  const start = (request: ChatRequest, operation: 'generate' | 'stream', parent: Context): Span => {
    const span = tracer.startSpan(
      spanName,
      { kind: SpanKind.CLIENT, attributes: requestAttributes(model, request, operation) },
      parent,
    );
    if (span.isRecording()) {
      open.add(span);
      if (capture) span.setAttributes(inputContentAttributes(request));
    }
    return span;
  };

  /** The request with the span's context in its headers (`traceparent`), when propagation is on. */
  const sent = (request: ChatRequest, ctx: Context): ChatRequest => {
    if (!propagate) return request;
    const carrier: Record<string, string> = {};
    propagation.inject(ctx, carrier);
    return { ...request, headers: { ...request.headers, ...carrier } };
  };

  const succeed = (span: Span, result: ChatResult): void => {
    if (span.isRecording()) {
      span.setAttributes(resultAttributes(result));
      if (result.cost === undefined) {
        const cost = computeCost(result.usage, pricing);
        if (cost !== undefined) span.setAttribute(llmAttributes.costUsd, cost.total);
      }
      if (capture) span.setAttributes(outputContentAttributes(result));
      open.delete(span);
    }
    span.end();
  };

  const fail = (span: Span, error: unknown, request: ChatRequest): void => {
    if (span.isRecording()) {
      span.setAttribute(genAiAttributes.errorType, errorType(error, request));
      // LlmError messages are redacted when the error is built; anything else is redacted here.
      const message =
        error instanceof Error
          ? LlmError.isInstance(error)
            ? error.message
            : redactSecrets(error.message)
          : redactSecrets(String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.recordException(
        LlmError.isInstance(error) ? error : { name: errorType(error, request), message },
      );
      open.delete(span);
    }
    span.end();
  };

  const generate = (request: ChatRequest): Promise<ChatResult> => {
    const parent = context.active();
    const span = start(request, 'generate', parent);
    // Not sampled and nothing to propagate: nothing to record, nothing to make active.
    if (!span.isRecording() && !propagate) return model.generate(request);
    const ctx = trace.setSpan(parent, span);
    return context
      .with(ctx, () => model.generate(sent(request, ctx)))
      .then(
        (result) => {
          succeed(span, result);
          return result;
        },
        (error: unknown) => {
          fail(span, error, request);
          throw error;
        },
      );
  };

  const stream = (request: ChatRequest): Promise<ChatStream> => {
    const parent = context.active();
    const span = start(request, 'stream', parent);
    if (!span.isRecording() && !propagate) return model.stream(request);
    const ctx = trace.setSpan(parent, span);
    return context
      .with(ctx, () => model.stream(sent(request, ctx)))
      .then(
        (opened) => {
          // stream() resolves at the commit point: the first content part has arrived.
          if (opened.committed && span.isRecording()) span.addEvent('llm.first_content');
          return opened.observe({
            onEnd: (outcome) => {
              if (outcome.ok) succeed(span, outcome.result);
              else fail(span, outcome.error, request);
            },
          });
        },
        (error: unknown) => {
          fail(span, error, request);
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
