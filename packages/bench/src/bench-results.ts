import type { BenchGroup, ClientDefinition } from './bench-client.ts';
import type { FigureId } from './figures.ts';
import type { ObservabilityResults } from './observability/measure-observability.ts';

/** How much a run measures. */
export interface BenchSettings {
  /** Rounds of the request, chunk and first-part figures (every client once per round). */
  readonly rounds: number;
  /** Slices per round: each client runs a slice in turn, `slices` times, for the request and burst figures. */
  readonly slices: number;
  /** Non-streamed requests per slice at concurrency 1. */
  readonly requestsC1: number;
  /** Non-streamed requests per slice at concurrency 16. */
  readonly requestsC16: number;
  /** Streams per slice of the burst figure (read one after the other). */
  readonly burstStreams: number;
  /** Streams per batch of the paced figure (read 16 at a time). */
  readonly pacedStreams: number;
  /** First-part samples per client and round, taken in turn (the round's figure is their median). */
  readonly firstPartSamples: number;
  /** Rounds of the heap figure. */
  readonly heapRounds: number;
  /** Streams held open at once by the heap figure. */
  readonly openStreams: number;
  /** Rounds of the cold-start figure (a fresh process per client and round). */
  readonly coldStartRounds: number;
}

/** A client as recorded in the results. */
export interface ClientRecord {
  readonly id: string;
  readonly label: string;
  readonly short: string;
  readonly group: BenchGroup;
  readonly kind: ClientDefinition['kind'];
  /** Why it was not measured (pending, failed to load, failed its check). */
  readonly skipped?: string | undefined;
}

/** What `pnpm bench` writes to `results/latest.json`, and what the doc is generated from. */
export interface BenchResults {
  readonly version: 1;
  /** When the run started (ISO 8601). */
  readonly date: string;
  /** The command line that produced it. */
  readonly command: string;
  readonly quick: boolean;
  /** Wall time of the whole run, in seconds. */
  readonly durationSeconds: number;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly platform: string;
    readonly memoryGiB: number;
  };
  readonly payloads: {
    readonly source: string;
    readonly openaiChunks: number;
    readonly anthropicChunks: number;
    readonly openaiStreamBytes: number;
    readonly anthropicStreamBytes: number;
    readonly pacedEventMs: number;
  };
  readonly settings: BenchSettings;
  readonly clients: readonly ClientRecord[];
  /**
   * Per figure, per client id: one value per round, in round order (`null`
   * where that round failed), so ratios can pair clients round by round.
   */
  readonly rounds: Readonly<Record<FigureId, Readonly<Record<string, readonly (number | null)[]>>>>;
  /** Bytes outside the V8 heap per open stream, per client and heap round (reported, not targeted). */
  readonly externalPerStream: Readonly<Record<string, readonly (number | null)[]>>;
  /**
   * Measurements that failed, by what was measured (`<client id> <figure>`),
   * with the first failure's reason: the doc shows them next to the skipped
   * clients, so a figure left empty always says why. Absent in older results.
   */
  readonly failures?: Readonly<Record<string, string>> | undefined;
  /** CPU added by withMetrics and withTracing on an instant model (issue #12). Absent in older results. */
  readonly observability?: ObservabilityResults | undefined;
}
