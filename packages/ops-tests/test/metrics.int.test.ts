/**
 * Every metric the alerts and dashboards use is exported by a service: the whole platform is
 * started (packages/devstack: every subgraph server and worker and the gateway, on a fresh
 * database, embedded Kafka and OIDC), each process's real /metrics page is scraped, and the
 * metric names in every PromQL expression of the rendered PrometheusRule and of the dashboards
 * must appear there. The console's metrics come from its registry module (admin-web serves it on
 * /api/metrics; starting Next.js here would add a minute for the same two counters).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@badge/testing';
import { startPlatform, type Platform } from '../../devstack/src/platform.js';
import { committedDashboard, dashboardQueries } from '../src/dashboard-file.js';
import { DASHBOARDS } from '../src/dashboards.js';
import { REPO_ROOT, renderChart, WITH_PROMETHEUS_OPERATOR } from '../src/helm.js';
import { alerts, ruleGroups } from '../src/prometheus.js';
import { exportedSeriesNames, metricNames, substituteGrafanaVariables } from '../src/promql.js';

/** Series Prometheus records itself for every scrape target (never on a /metrics page). */
const RECORDED_BY_PROMETHEUS = new Set(['up']);

// A port range of its own (the devstack test uses 30000-59500).
const base = 10000 + Math.floor(Math.random() * 19) * 500;
let platform: Platform;
let database: TestDatabase;
/** metric series name → processes exporting it */
const exported = new Map<string, Set<string>>();

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform(
    {
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: undefined,
      OIDC_ISSUER: undefined,
      OIDC_CLIENT_ID: 'badge-admin',
      OIDC_CLIENT_SECRET: undefined,
      OIDC_AUDIENCE: 'urn:badge:gateway',
      DEVSTACK_PORT_BASE: base,
      ADMIN_WEB_PORT: base + 300,
      DEVSTACK_ADMIN_WEB: '0',
      DEVSTACK_STATE_DIR: mkdtempSync(join(tmpdir(), 'ops-metrics-')),
      LOG_LEVEL: 'warn',
    },
    () => {},
    { quiet: true },
  );
  // some traffic, so that request metrics have samples too
  await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const pages: [string, string][] = await Promise.all(
    platform.processes.map(
      async (p) => [p.name, await (await fetch(p.metricsUrl)).text()] as [string, string],
    ),
  );
  const adminWeb = (await import(
    pathToFileURL(join(REPO_ROOT, 'admin-web/src/server/metrics.ts')).href
  )) as {
    getMetrics(): { registry: { metrics(): Promise<string> } };
  };
  pages.push(['admin-web', await adminWeb.getMetrics().registry.metrics()]);
  for (const [name, text] of pages) {
    for (const series of exportedSeriesNames(text)) {
      if (!exported.has(series)) exported.set(series, new Set());
      exported.get(series)!.add(name);
    }
  }
}, 240_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
}, 60_000);

function missing(expressions: { where: string; expr: string }[]): string[] {
  return expressions.flatMap(({ where, expr }) =>
    metricNames(expr)
      .filter((m) => !exported.has(m) && !RECORDED_BY_PROMETHEUS.has(m))
      .map((m) => `${where}: ${m}`),
  );
}

describe('metrics used by alerts and dashboards', () => {
  it('scraped every process of the platform', () => {
    expect(platform.processes.map((p) => p.name).sort()).toEqual([
      'badge-server',
      'badge-worker',
      'benefit-server',
      'benefit-worker',
      'gateway',
      'rule-server',
      'rule-worker',
      'user-server',
      'user-worker',
    ]);
    expect(exported.get('process_resident_memory_bytes')?.size).toBe(10);
    expect([...(exported.get('http_request_duration_seconds_bucket') ?? [])]).toContain('gateway');
  });

  it('exist for every alert expression', async () => {
    const groups = ruleGroups(await renderChart({ apiVersions: WITH_PROMETHEUS_OPERATOR }));
    const expressions = alerts(groups).map((a) => ({ where: a.alert, expr: a.expr }));
    expect(expressions.length).toBeGreaterThan(10);
    expect(missing(expressions)).toEqual([]);
  });

  it('exist for every dashboard query', () => {
    const expressions = DASHBOARDS.flatMap((def) =>
      dashboardQueries(committedDashboard(def.file)).map((expr) => ({
        where: def.file,
        expr: substituteGrafanaVariables(expr),
      })),
    );
    expect(expressions.length).toBeGreaterThan(40);
    expect(missing(expressions)).toEqual([]);
  });

  it('come from the processes the alerts are about', () => {
    const from = (series: string) => [...(exported.get(series) ?? [])].sort();
    expect(from('kafka_consumer_lag')).toEqual(
      expect.arrayContaining(['badge-worker', 'user-worker']),
    );
    expect(from('outbox_pending').every((p) => p.endsWith('-worker'))).toBe(true);
    expect(from('db_pool_max')).toEqual(expect.arrayContaining(['badge-server', 'badge-worker']));
    expect(from('gateway_circuit_open')).toEqual(['gateway']);
  });
});
