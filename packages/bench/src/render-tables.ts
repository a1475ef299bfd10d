import { measuredClients, ratioTo, summaryOf } from './analyze.ts';
import type { BenchGroup } from './bench-client.ts';
import type { BenchResults } from './bench-results.ts';
import { figure, floorOf, type FigureId } from './figures.ts';
import { describeLimit, describeMeasured, evaluateTargets } from './targets.ts';

/** A table ready to print as text or Markdown. */
export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns after the first are right-aligned unless listed here. */
  readonly leftColumns?: readonly number[];
}

/** The groups, with their titles. */
export const groupTitles: Readonly<Record<BenchGroup, string>> = {
  openai: 'OpenAI Chat Completions',
  anthropic: 'Anthropic Messages',
};

/** The figure columns of the two result tables of each group. */
export const tableColumns: readonly (readonly FigureId[])[] = [
  ['cpuRequestC1', 'cpuRequestC16', 'cpuChunkBurst', 'cpuChunkPaced'],
  ['firstPart', 'heapPerStream', 'coldStart', 'coldStartCpu', 'throughputC16'],
];

/** A figure value in its unit: heap in KB, the rest as measured. */
export function formatValue(id: FigureId, value: number): string {
  const definition = figure(id);
  const shown = id === 'heapPerStream' ? value / 1024 : value;
  return `${shown.toFixed(definition.digits)} ${definition.unit}`;
}

function cell(results: BenchResults, group: BenchGroup, id: FigureId, client: string): string {
  const summary = summaryOf(results, id, client);
  if (summary === undefined) return '—';
  const spread = Number.isNaN(summary.spread) ? '' : ` ±${(summary.spread * 50).toFixed(0)}%`;
  const ratio = ratioTo(results, id, client, floorOf(group, id));
  return `${formatValue(id, summary.median)}${spread} (${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`})`;
}

/** One result table of a group: median ± half the interquartile spread, and the ratio to the floor. */
export function resultTable(
  results: BenchResults,
  group: BenchGroup,
  columns: readonly FigureId[],
  part: number,
): Table {
  const clients = measuredClients(results).filter((client) => client.group === group);
  return {
    title: `${groupTitles[group]} (${part} of ${tableColumns.length})`,
    headers: ['client', ...columns.map((id) => figure(id).label)],
    rows: clients.map((client) => [
      client.label,
      ...columns.map((id) => cell(results, group, id, client.id)),
    ]),
  };
}

/** Clients that were not measured, and measurements that failed, with why. */
export function skippedTable(results: BenchResults): Table | undefined {
  const rows = results.clients
    .filter((client) => client.skipped !== undefined)
    .map((client) => [client.label, client.skipped!]);
  for (const [what, reason] of Object.entries(results.failures ?? {})) {
    // The reason's first line says it; a stack or a child's stderr follows.
    rows.push([what, reason.split('\n', 1)[0]!]);
  }
  if (rows.length === 0) return undefined;
  return {
    title: 'Not measured in this run',
    headers: ['client', 'reason'],
    rows,
    leftColumns: [1],
  };
}

function labelOf(results: BenchResults, id: string): string {
  return results.clients.find((client) => client.id === id)?.label ?? id;
}

/** Every target with its measured value and pass/miss. */
export function targetTable(results: BenchResults): Table {
  return {
    title: 'Targets',
    headers: ['issue', 'client', 'figure', 'against', 'measured', 'target', 'result'],
    rows: evaluateTargets(results).map((outcome) => [
      outcome.source,
      labelOf(results, outcome.client),
      figure(outcome.figure).label,
      labelOf(results, outcome.reference),
      describeMeasured(outcome),
      describeLimit(outcome),
      outcome.status,
    ]),
    leftColumns: [1, 2, 3],
  };
}

/** `withResilience` against the bare adapter on every figure. */
export function resilienceTable(results: BenchResults): Table {
  const bare = 'openai.llm-openai-http';
  const wrapped = 'openai.llm-openai-http-resilience';
  const ids: readonly FigureId[] = tableColumns.flat();
  return {
    title: 'Resilience overhead: withResilience (defaults, no faults) around @org/llm-openai-http',
    headers: ['figure', 'adapter', 'withResilience', 'overhead'],
    rows: ids.map((id) => {
      const a = summaryOf(results, id, bare);
      const b = summaryOf(results, id, wrapped);
      const ratio = ratioTo(results, id, wrapped, bare);
      return [
        figure(id).label,
        a === undefined ? '—' : formatValue(id, a.median),
        b === undefined ? '—' : formatValue(id, b.median),
        ratio === undefined ? '—' : `${((ratio - 1) * 100).toFixed(1)}%`,
      ];
    }),
  };
}

function pad(text: string, width: number, left: boolean): string {
  // Every character printed here (µ, ±, ×, —) is one UTF-16 unit wide.
  const gap = ' '.repeat(Math.max(0, width - text.length));
  return left ? text + gap : gap + text;
}

/** The table as aligned plain text, for the console. */
export function toText(table: Table): string {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const left = (column: number): boolean =>
    column === 0 || (table.leftColumns?.includes(column) ?? false);
  const line = (row: readonly string[]): string =>
    row.map((text, column) => pad(text, widths[column]!, left(column))).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [table.title, line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

/** The table as GitHub-flavoured Markdown (without its title). */
export function toMarkdown(table: Table): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const left = (column: number): boolean =>
    column === 0 || (table.leftColumns?.includes(column) ?? false);
  return [
    `| ${table.headers.map(escape).join(' | ')} |`,
    `| ${table.headers.map((_, column) => (left(column) ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
