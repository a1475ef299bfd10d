// The Grafana dashboard and the PromQL of docs/guides/observability.md:
// the dashboard's structure is one Grafana loads (unique panel ids, a grid of
// 24 columns, queries on the dashboard's data source variable), every query
// parses (promtool check rules, Debian package prometheus), and every metric
// a query names is one withMetrics writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LlmMetrics } from '../src/llm-metrics.ts';
import { systemBinary } from '@org/llm-test-support';

const docs = new URL('../../../docs/guides/', import.meta.url);
const guide = readFileSync(new URL('observability.md', docs), 'utf8');

interface Target {
  readonly refId?: unknown;
  readonly expr?: unknown;
  readonly datasource?: { readonly uid?: unknown };
}
interface Panel {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly title?: unknown;
  readonly gridPos?: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  };
  readonly datasource?: { readonly type?: unknown; readonly uid?: unknown };
  readonly targets?: readonly Target[];
}
interface Dashboard {
  readonly uid?: unknown;
  readonly title?: unknown;
  readonly schemaVersion?: unknown;
  readonly panels?: readonly Panel[];
  readonly templating?: {
    readonly list?: readonly { readonly name?: unknown; readonly type?: unknown }[];
  };
}

const dashboard = JSON.parse(
  readFileSync(new URL('grafana/llm-dashboard.json', docs), 'utf8'),
) as Dashboard;
const panels = dashboard.panels ?? [];
const dashboardQueries = panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => String(target.expr)),
);
const guideQueries = [...guide.matchAll(/```promql\n([\s\S]*?)```/g)].map((match) =>
  match[1]!.trim(),
);

/** The metric names withMetrics writes (histograms as their _bucket, _sum and _count series). */
const written = new Set(
  new LlmMetrics('llm_', {})
    .families()
    .flatMap((family) =>
      family.type === 'histogram'
        ? [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`]
        : [family.name],
    ),
);

/** A Grafana query as plain PromQL: its variables replaced by values Prometheus accepts. */
const asPromQL = (expr: string): string =>
  expr.replaceAll('$__rate_interval', '5m').replaceAll('$model', '.*');

describe('the Grafana dashboard', () => {
  it('has the structure Grafana loads', () => {
    expect(dashboard).toMatchObject({ uid: 'org-llm-overview', title: expect.any(String) });
    expect(typeof dashboard.schemaVersion).toBe('number');
    const variables = (dashboard.templating?.list ?? []).map((variable) => [
      variable.name,
      variable.type,
    ]);
    expect(variables).toEqual([
      ['datasource', 'datasource'],
      ['model', 'query'],
    ]);
    expect(panels.length).toBeGreaterThanOrEqual(10);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(Number.isInteger(panel.id), String(panel.title)).toBe(true);
      expect(['timeseries', 'stat']).toContain(panel.type);
      const grid = panel.gridPos!;
      expect(
        grid.x >= 0 && grid.w > 0 && grid.x + grid.w <= 24 && grid.h > 0,
        String(panel.title),
      ).toBe(true);
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, String(panel.title)).toBeGreaterThan(0);
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('queries only metrics withMetrics writes', () => {
    for (const expr of [...dashboardQueries, ...guideQueries]) {
      const names = [...expr.matchAll(/\b(llm_[a-z_]+)\b/g)].map((match) => match[1]!);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect(written, `${name} in ${expr}`).toContain(name);
    }
    expect(guideQueries.length).toBeGreaterThanOrEqual(4);
  });
});

const promtool = systemBinary('promtool', 'prometheus');
if (!promtool.found) console.warn(`Skipping the PromQL syntax check: ${promtool.reason}.`);

describe.skipIf(!promtool.found)('every query parses (promtool check rules)', () => {
  it('accepts the dashboard and guide queries as recording rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-promql-'));
    try {
      const rules = [...dashboardQueries, ...guideQueries].map(
        (expr, index) =>
          `      - record: llm:check_${index}\n        expr: ${JSON.stringify(asPromQL(expr))}`,
      );
      const file = join(dir, 'rules.yaml');
      writeFileSync(file, `groups:\n  - name: llm\n    rules:\n${rules.join('\n')}\n`);
      const check = spawnSync(promtool.found ? promtool.path : '', ['check', 'rules', file], {
        encoding: 'utf8',
      });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
      expect(check.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a query that does not parse (the check is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-promql-'));
    try {
      const file = join(dir, 'rules.yaml');
      writeFileSync(
        file,
        'groups:\n  - name: llm\n    rules:\n      - record: llm:broken\n        expr: "sum by (model (rate(llm_requests_total[5m]))"\n',
      );
      const check = spawnSync(promtool.found ? promtool.path : '', ['check', 'rules', file], {
        encoding: 'utf8',
      });
      expect(check.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
