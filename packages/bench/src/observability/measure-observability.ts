// CPU added by withMetrics and withTracing around an instant model (issue
// #12: at most 2 µs per call and 0.1 µs per stream part). Every variant runs
// in every slice, in a new order each slice; a round's figure is its CPU per
// operation, and the added cost is the median over rounds of the per-round
// difference to the bare model. The per-part cost is the slope between a
// short and a long stream, so per-call costs cancel out.
import type { ChatModel, ChatRequest } from '@org/llm-core';
import { withTracing } from '@org/llm-otel';
import { withMetrics } from '@org/llm-prometheus';
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Registry } from 'prom-client';
import { collectGarbage } from '../measure.ts';
import { median } from '../stats.ts';
import { createInstantChatModel, partCount } from './instant-chat-model.ts';

/** The decorator stacks measured against the bare model. */
export const observabilityVariants = [
  'SDK span alone (reference)',
  'metrics',
  'tracing (API only)',
  'tracing (SDK, recording)',
  'metrics + tracing (API only)',
  'metrics + tracing (SDK, recording)',
] as const;

/** One measured stack. */
export type ObservabilityVariant = (typeof observabilityVariants)[number];

/** What one run measured. */
export interface ObservabilityResults {
  readonly rounds: number;
  /** Per stack: CPU added per call (generate), per stream, and per stream part, in µs; medians over rounds. */
  readonly variants: Readonly<
    Record<
      ObservabilityVariant,
      { readonly perCallUs: number; readonly perStreamUs: number; readonly perPartUs: number }
    >
  >;
  /** The bare model's own CPU per generate and per long stream, in µs, for scale. */
  readonly bare: { readonly perCallUs: number; readonly perLongStreamUs: number };
}

/** Settings of {@link measureObservability}. */
export interface ObservabilitySettings {
  readonly rounds: number;
  readonly slices: number;
  readonly generatesPerSlice: number;
  /** Short streams per slice: many, so that a collection lands on every variant alike. */
  readonly shortStreamsPerSlice: number;
  /** Long streams per slice. */
  readonly longStreamsPerSlice: number;
}

const shortDeltas = 4;
const longDeltas = 1000;
const request: ChatRequest = { messages: [{ role: 'user', content: 'Hi' }] };

interface Subject {
  readonly name: 'bare' | ObservabilityVariant;
  readonly short: ChatModel;
  readonly long: ChatModel;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const order = [...items];
  let state = seed >>> 0;
  for (let index = order.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const other = state % (index + 1);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

const cpuSince = (before: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(before);
  return used.user + used.system;
};

/**
 * The least a tracing decorator can do with the SDK: start and end one span
 * per call, nothing else. What `withTracing` adds beyond it is its own cost.
 */
function spanAlone(model: ChatModel, tracer: Tracer): ChatModel {
  return {
    ...model,
    generate: (request) => {
      const span = tracer.startSpan('chat');
      return model.generate(request).finally(() => {
        span.end();
      });
    },
    stream: async (request) => {
      const span = tracer.startSpan('chat');
      return (await model.stream(request)).observe({
        onEnd: () => {
          span.end();
        },
      });
    },
  };
}

async function readStream(model: ChatModel): Promise<void> {
  const stream = await model.stream(request);
  for await (const part of stream) {
    if (part.type === 'finish') break;
  }
}

/** Measures every variant against the bare model; logs progress to `log`. */
export async function measureObservability(
  settings: ObservabilitySettings,
  log: (line: string) => void,
): Promise<ObservabilityResults> {
  // What the Node SDK sets up: an AsyncLocalStorage context manager, and a
  // tracer provider that samples everything (spans are made and dropped).
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const sdk = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new NoopSpanProcessor()],
  });
  const apiOnly = trace.getTracer('bench'); // no provider registered: the API's no-op tracer
  const recording = sdk.getTracer('bench');
  try {
    const bare = {
      short: await createInstantChatModel(shortDeltas),
      long: await createInstantChatModel(longDeltas),
    };
    const wrap = (name: ObservabilityVariant, model: ChatModel): ChatModel => {
      if (name === 'SDK span alone (reference)') return spanAlone(model, recording);
      const registry = new Registry();
      const tracer = name.includes('SDK') ? recording : apiOnly;
      let out = model;
      if (name.includes('tracing')) out = withTracing(out, { tracer });
      if (name.startsWith('metrics')) out = withMetrics(out, { registry });
      return out;
    };
    const subjects: Subject[] = [
      { name: 'bare', ...bare },
      ...observabilityVariants.map((name) => ({
        name,
        short: wrap(name, bare.short),
        long: wrap(name, bare.long),
      })),
    ];

    const perRound = new Map<string, { call: number[]; short: number[]; long: number[] }>();
    for (const subject of subjects) perRound.set(subject.name, { call: [], short: [], long: [] });

    // Warm-up: JIT every path.
    for (const subject of subjects) {
      for (let index = 0; index < settings.generatesPerSlice; index++)
        await subject.short.generate(request);
      for (let index = 0; index < settings.shortStreamsPerSlice; index++)
        await readStream(subject.short);
      for (let index = 0; index < settings.longStreamsPerSlice; index++)
        await readStream(subject.long);
    }

    for (let round = 0; round < settings.rounds; round++) {
      const cpu = new Map<string, { call: number; short: number; long: number }>();
      for (const subject of subjects) cpu.set(subject.name, { call: 0, short: 0, long: 0 });
      collectGarbage();
      for (let slice = 0; slice < settings.slices; slice++) {
        for (const subject of shuffled(subjects, round * 97 + slice)) {
          const totals = cpu.get(subject.name)!;
          let before = process.cpuUsage();
          for (let index = 0; index < settings.generatesPerSlice; index++) {
            await subject.short.generate(request);
          }
          totals.call += cpuSince(before);
          before = process.cpuUsage();
          for (let index = 0; index < settings.shortStreamsPerSlice; index++) {
            await readStream(subject.short);
          }
          totals.short += cpuSince(before);
          before = process.cpuUsage();
          for (let index = 0; index < settings.longStreamsPerSlice; index++) {
            await readStream(subject.long);
          }
          totals.long += cpuSince(before);
        }
      }
      for (const subject of subjects) {
        const totals = cpu.get(subject.name)!;
        const rounds = perRound.get(subject.name)!;
        rounds.call.push(totals.call / (settings.slices * settings.generatesPerSlice));
        rounds.short.push(totals.short / (settings.slices * settings.shortStreamsPerSlice));
        rounds.long.push(totals.long / (settings.slices * settings.longStreamsPerSlice));
      }
      log(`observability round ${round + 1}/${settings.rounds} done`);
    }

    const base = perRound.get('bare')!;
    const added = (values: readonly number[], reference: readonly number[]): number =>
      median(values.map((value, index) => value - reference[index]!));
    const parts = partCount(longDeltas) - partCount(shortDeltas);
    const variants = Object.fromEntries(
      observabilityVariants.map((name) => {
        const rounds = perRound.get(name)!;
        const perStream = added(rounds.short, base.short);
        const perLong = added(rounds.long, base.long);
        return [
          name,
          {
            perCallUs: added(rounds.call, base.call),
            perStreamUs: perStream,
            perPartUs: (perLong - perStream) / parts,
          },
        ];
      }),
    ) as ObservabilityResults['variants'];
    return {
      rounds: settings.rounds,
      variants,
      bare: { perCallUs: median(base.call), perLongStreamUs: median(base.long) },
    };
  } finally {
    await sdk.shutdown();
    context.disable();
  }
}
