/**
 * How the fake server writes a streamed answer. Clients pick one through the
 * first path segment of their base URL (`<origin>/<scenario>/...`); a request
 * without `"stream": true` gets the JSON answer on every route.
 *
 * - `burst`: the whole stream written at once (one write).
 * - `paced`: one event per write, {@link pacedEventMs} apart, like a model producing tokens.
 * - `first`: the events up to the first text delta at once, then the rest after
 *   {@link firstPauseMs}, so time to first part measures the head alone.
 * - `hold`: the head, then nothing for ten minutes: a stream that stays open
 *   (the heap figure opens 1,000 of them, then aborts them).
 */
export type Scenario = 'burst' | 'paced' | 'first' | 'hold';

/** Every scenario, in the order of the route table. */
export const scenarios: readonly Scenario[] = ['burst', 'paced', 'first', 'hold'];

/** Delay between two events of the `paced` scenario, in milliseconds. */
export const pacedEventMs = 2;

/** Pause after the head of the `first` scenario, in milliseconds. */
export const firstPauseMs = 3;

/** How long the `hold` scenario keeps a stream open after its head, in milliseconds. */
export const holdMs = 600_000;

/** The base URL prefix of a scenario on the fake server: `<origin>/<scenario>`. */
export function scenarioOrigin(origin: string, scenario: Scenario): string {
  return `${origin}/${scenario}`;
}
