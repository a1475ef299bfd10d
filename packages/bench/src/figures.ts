import type { BenchGroup } from './bench-client.ts';

/** The figures measured for every client. */
export type FigureId =
  | 'cpuRequestC1'
  | 'cpuRequestC16'
  | 'throughputC16'
  | 'cpuChunkBurst'
  | 'cpuChunkPaced'
  | 'firstPart'
  | 'heapPerStream'
  | 'coldStart'
  | 'coldStartCpu';

/** What a figure is and how to print it. */
export interface FigureDefinition {
  readonly id: FigureId;
  /** Column title. */
  readonly label: string;
  /** Unit of the values. */
  readonly unit: string;
  /** Digits after the decimal point when printed. */
  readonly digits: number;
  /** `true` for throughput: a ratio to the floor is then floor / client, so that above 1 is worse everywhere. */
  readonly higherIsBetter: boolean;
  /** The per-chunk figures compare with the bare fetch loop in the OpenAI table too (see {@link floorOf}). */
  readonly perChunk: boolean;
}

/** Every figure, in table order. */
export const figures: readonly FigureDefinition[] = [
  {
    id: 'cpuRequestC1',
    label: 'CPU/request c=1',
    unit: 'µs',
    digits: 0,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'cpuRequestC16',
    label: 'CPU/request c=16',
    unit: 'µs',
    digits: 0,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'cpuChunkBurst',
    label: 'CPU/chunk burst',
    unit: 'µs',
    digits: 2,
    higherIsBetter: false,
    perChunk: true,
  },
  {
    id: 'cpuChunkPaced',
    label: 'CPU/chunk paced',
    unit: 'µs',
    digits: 2,
    higherIsBetter: false,
    perChunk: true,
  },
  {
    id: 'firstPart',
    label: 'first part',
    unit: 'ms',
    digits: 3,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'heapPerStream',
    label: 'heap/open stream',
    unit: 'KB',
    digits: 1,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'coldStart',
    label: 'cold start',
    unit: 'ms',
    digits: 0,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'coldStartCpu',
    label: 'cold start CPU',
    unit: 'ms',
    digits: 0,
    higherIsBetter: false,
    perChunk: false,
  },
  {
    id: 'throughputC16',
    label: 'req/s c=16',
    unit: 'req/s',
    digits: 0,
    higherIsBetter: true,
    perChunk: false,
  },
];

/** The definition of figure `id`. */
export function figure(id: FigureId): FigureDefinition {
  return figures.find((item) => item.id === id)!;
}

/**
 * The client every ratio of a group's figure is taken to: `undici.request`
 * for OpenAI (the floor of a Node HTTP client), except per-chunk figures,
 * which the issue compares with the bare `fetch` + SSE loop; the bare
 * `fetch` + SSE loop for Anthropic.
 */
export function floorOf(group: BenchGroup, id: FigureId): string {
  if (group === 'anthropic') return 'anthropic.fetch-sse';
  return figure(id).perChunk ? 'openai.fetch-sse' : 'openai.undici-request';
}
