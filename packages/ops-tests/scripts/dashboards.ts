/**
 * Writes the chart's Grafana dashboards (helm/badge-platform/dashboards/*.json) from
 * src/dashboards.ts. Run after changing a dashboard: pnpm --filter @badge/ops-tests run dashboards
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS } from '../src/dashboards.js';
import { formatDashboard } from '../src/dashboard-file.js';
import { CHART_DIR } from '../src/helm.js';

for (const def of DASHBOARDS) {
  const file = join(CHART_DIR, 'dashboards', def.file);
  writeFileSync(file, await formatDashboard(def));
  console.log(`wrote ${file}`);
}
