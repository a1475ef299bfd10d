import { differenceTo, ratioTo } from './analyze.ts';
import type { BenchResults } from './bench-results.ts';
import { figure, type FigureId } from './figures.ts';

/**
 * A performance target from the issues: `client` against `reference` on one
 * figure, as a ratio (`ratio ≤ limit`), a difference in the figure's unit
 * (`difference ≤ limit`) or an overhead (`ratio − 1 < limit`).
 */
export interface Target {
  /** Which issue set it. */
  readonly source: string;
  readonly client: string;
  readonly reference: string;
  readonly figure: FigureId;
  readonly kind: 'ratio' | 'difference' | 'overhead';
  readonly limit: number;
}

/** A target with what was measured. */
export interface TargetOutcome extends Target {
  /** The ratio, difference or overhead measured; `undefined` when a side was not measured. */
  readonly measured: number | undefined;
  readonly status: 'pass' | 'miss' | 'not measured';
}

const http = 'openai.llm-openai-http';
const httpFetch = 'openai.llm-openai-http-fetch';
const undici = 'openai.undici-request';
const openaiFetch = 'openai.fetch-sse';
const openaiSdk = 'openai.openai-sdk';

function each(
  source: string,
  client: string,
  reference: string,
  ids: readonly FigureId[],
  kind: Target['kind'],
  limit: number,
): Target[] {
  return ids.map((id) => ({ source, client, reference, figure: id, kind, limit }));
}

const everyFigure: readonly FigureId[] = [
  'cpuRequestC1',
  'cpuRequestC16',
  'cpuChunkBurst',
  'cpuChunkPaced',
  'firstPart',
  'heapPerStream',
  'coldStart',
  'coldStartCpu',
  'throughputC16',
];

/**
 * Every target of issues #3, #4, #5 and #10. `@org/llm-openai-http`'s
 * per-request target is against `undici.request` for its default transport
 * and against the bare `fetch` for an injected fetch ("transport through
 * undici on Node, fetch where a user injects one"); its other targets are
 * against the bare `fetch` + SSE loop, for both transports, but its cold
 * start: issue #10 set it to 1.5x the bare `fetch` with an injected fetch,
 * and with the default undici transport to 1.1x a bare `undici.request`
 * (undici itself starts slower than `fetch`) and below the official SDK.
 */
export const targets: readonly Target[] = [
  ...each('#3', http, undici, ['cpuRequestC1', 'cpuRequestC16'], 'ratio', 1.3),
  ...each('#3', httpFetch, openaiFetch, ['cpuRequestC1', 'cpuRequestC16'], 'ratio', 1.3),
  ...[http, httpFetch].flatMap((client) => [
    ...each('#3', client, openaiFetch, ['cpuChunkBurst', 'cpuChunkPaced'], 'ratio', 1.2),
    ...each('#3', client, openaiFetch, ['heapPerStream'], 'ratio', 1.3),
    ...each('#3', client, openaiFetch, ['firstPart'], 'difference', 0.3),
  ]),
  ...each('#10', httpFetch, openaiFetch, ['coldStart', 'coldStartCpu'], 'ratio', 1.5),
  ...each('#10', http, undici, ['coldStart', 'coldStartCpu'], 'ratio', 1.1),
  ...each('#10', http, openaiSdk, ['coldStart', 'coldStartCpu'], 'ratio', 1),
  ...each('#3', 'openai.llm-openai', openaiSdk, everyFigure, 'ratio', 1.1),
  ...each('#4', 'anthropic.llm-anthropic', 'anthropic.anthropic-sdk', everyFigure, 'ratio', 1.1),
  ...each(
    '#5',
    'openai.llm-openai-http-resilience',
    http,
    ['throughputC16', 'firstPart'],
    'overhead',
    0.03,
  ),
];

/** Measures every target against `results`. */
export function evaluateTargets(results: BenchResults): TargetOutcome[] {
  return targets.map((target) => {
    const measured =
      target.kind === 'difference'
        ? differenceTo(results, target.figure, target.client, target.reference)
        : target.kind === 'overhead'
          ? overheadOf(results, target)
          : ratioTo(results, target.figure, target.client, target.reference);
    const status =
      measured === undefined
        ? 'not measured'
        : (target.kind === 'overhead' ? measured < target.limit : measured <= target.limit)
          ? 'pass'
          : 'miss';
    return { ...target, measured, status };
  });
}

function overheadOf(results: BenchResults, target: Target): number | undefined {
  const ratio = ratioTo(results, target.figure, target.client, target.reference);
  return ratio === undefined ? undefined : ratio - 1;
}

/** The limit in words: `≤ 1.30×`, `≤ +0.30 ms`, `< 3%`. */
export function describeLimit(target: Target): string {
  if (target.kind === 'ratio') return `≤ ${target.limit.toFixed(2)}×`;
  if (target.kind === 'overhead') return `< ${(target.limit * 100).toFixed(0)}%`;
  return `≤ +${target.limit.toFixed(2)} ${figure(target.figure).unit}`;
}

/** A measured value in the target's terms: `1.12×`, `+0.08 ms`, `1.4%`. */
export function describeMeasured(outcome: TargetOutcome): string {
  const value = outcome.measured;
  if (value === undefined) return '—';
  if (outcome.kind === 'ratio') return `${value.toFixed(2)}×`;
  if (outcome.kind === 'overhead') return `${(value * 100).toFixed(1)}%`;
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)} ${figure(outcome.figure).unit}`;
}
