import type { Scenario } from './scenario.ts';

/** One client bound to one scenario route of the fake server. */
export interface BenchClient {
  /** One non-streamed request; resolves to the answer's text length. */
  generate(): Promise<number>;
  /**
   * One streamed request read to the end; calls `onFirstText` when the first
   * non-empty text part arrives, and resolves to the streamed text's length.
   * `signal` aborts it (the promise may then reject or resolve early).
   */
  stream(onFirstText?: () => void, signal?: AbortSignal): Promise<number>;
}

/** Makes a client for a server origin (`http://127.0.0.1:<port>`) and a scenario. */
export type BenchClientFactory = (origin: string, scenario: Scenario) => BenchClient;

/** Which benchmark table a client belongs to. */
export type BenchGroup = 'openai' | 'anthropic';

/** A client under test: what it is, and how to load it. */
export interface ClientDefinition {
  /** Stable id, used in the JSON results and by the cold-start child. */
  readonly id: string;
  /** Row label of the tables. */
  readonly label: string;
  /** A few characters, for chart axes. */
  readonly short: string;
  /** The table it belongs to. */
  readonly group: BenchGroup;
  /** `ours` marks this project's adapters (their rows are the ones with targets). */
  readonly kind: 'floor' | 'bare' | 'sdk' | 'ours';
  /** Why the client cannot run now, or `undefined` when it can. */
  pending(): string | undefined;
  /**
   * Imports the client's modules and returns its factory. Every import is
   * dynamic, inside this function, so a cold-start child loads only the
   * modules of the client it measures.
   */
  load(): Promise<BenchClientFactory>;
}
