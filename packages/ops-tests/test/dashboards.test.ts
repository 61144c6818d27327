/**
 * The Grafana dashboards: committed JSON matches its definition (src/dashboards.ts), the layout
 * is sound, every query parses (Prometheus' own parser, through promtool) and uses the
 * dashboard's data source and namespace variables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  committedDashboard as committed,
  dashboardQueries,
  formatDashboard,
} from '../src/dashboard-file.js';
import { DASHBOARDS } from '../src/dashboards.js';
import { CHART_DIR } from '../src/helm.js';
import { checkRules } from '../src/prometheus.js';
import { metricNames, substituteGrafanaVariables } from '../src/promql.js';

describe('Grafana dashboards', () => {
  it('are committed exactly as defined (run `pnpm --filter @badge/ops-tests run dashboards`)', async () => {
    for (const def of DASHBOARDS) {
      const actual = readFileSync(join(CHART_DIR, 'dashboards', def.file), 'utf8');
      expect(actual, def.file).toBe(await formatDashboard(def));
    }
  });

  it('cover the platform, the event pipeline, the gateway and the business KPIs', () => {
    expect(DASHBOARDS.map((d) => d.file).sort()).toEqual([
      'business-kpis.json',
      'event-pipeline.json',
      'gateway.json',
      'platform-overview.json',
    ]);
    const uids = DASHBOARDS.map((d) => committed(d.file).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('lay panels out on the 24-column grid without overlaps', () => {
    for (const def of DASHBOARDS) {
      const cells = new Set<string>();
      for (const p of committed(def.file).panels) {
        const { x, y, w, h } = p.gridPos;
        expect(x + w, `${def.file}: ${p.title}`).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++) {
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), `${def.file}: ${p.title} overlaps`).toBe(false);
            cells.add(`${i},${j}`);
          }
        }
      }
    }
  });

  it('query the selected data source and namespace, with a description on every panel', () => {
    for (const def of DASHBOARDS) {
      const d = committed(def.file);
      expect(d.templating.list.map((v) => v.name)).toEqual(['datasource', 'namespace']);
      for (const p of d.panels.filter((x) => x.type !== 'row')) {
        expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(p.description, p.title).toBeTruthy();
        for (const t of p.targets ?? [])
          expect(t.expr, p.title).toContain('namespace="$namespace"');
      }
    }
  });

  it('use queries Prometheus parses (promtool) and that name their metrics', async () => {
    const rules = DASHBOARDS.flatMap((def) =>
      dashboardQueries(committed(def.file)).map((expr, i) => ({
        record: `dashboard:${def.uid.replace(/-/g, '_')}:${i}`,
        expr: substituteGrafanaVariables(expr),
      })),
    );
    for (const rule of rules) expect(metricNames(rule.expr).length, rule.expr).toBeGreaterThan(0);
    expect(await checkRules([{ name: 'dashboards', rules }])).toMatch(/SUCCESS/);
  });
});
