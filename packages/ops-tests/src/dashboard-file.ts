import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { dashboardJson, type DashboardDef } from './dashboards.js';
import { CHART_DIR } from './helm.js';

/** A dashboard's file as committed: its JSON in the repository's prettier style. */
export async function formatDashboard(def: DashboardDef): Promise<string> {
  const path = join(CHART_DIR, 'dashboards', def.file);
  const options = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(dashboardJson(def), null, 2), { ...options, filepath: path });
}

/** The parts of Grafana's dashboard JSON the tests read. */
export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; expr: string }[];
}
export interface GrafanaDashboard {
  uid: string;
  title: string;
  panels: GrafanaPanel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

/** A committed dashboard file, parsed. */
export const committedDashboard = (file: string): GrafanaDashboard =>
  JSON.parse(readFileSync(join(CHART_DIR, 'dashboards', file), 'utf8')) as GrafanaDashboard;

/** Every PromQL query of a dashboard: panel targets and the selectors of label_values() variables. */
export function dashboardQueries(dashboard: GrafanaDashboard): string[] {
  return [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => /^label_values\((.*),\s*\w+\)$/.exec(v.definition ?? '')![1]!),
  ];
}
