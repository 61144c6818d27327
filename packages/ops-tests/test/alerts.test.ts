/**
 * The chart's PrometheusRule: valid for Prometheus (`promtool check rules`), every alert with a
 * severity and a runbook section, and the seed's thresholds proven by promtool unit tests (the
 * alert fires above the threshold, stays quiet below it, and its annotations render).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PRODUCTION_VALUES,
  REPO_ROOT,
  renderChart,
  WITH_PROMETHEUS_OPERATOR,
} from '../src/helm.js';
import { alerts, checkRules, promtool, ruleGroups, type RuleGroup } from '../src/prometheus.js';
import { markdownAnchors } from '../src/markdown.js';

const RUNBOOK = 'https://github.com/example/badge-platform/blob/main/docs/runbook.md';
let groups: RuleGroup[];
let productionGroups: RuleGroup[];

beforeAll(async () => {
  groups = ruleGroups(await renderChart({ apiVersions: WITH_PROMETHEUS_OPERATOR }));
  productionGroups = ruleGroups(await renderChart({ valuesFiles: [PRODUCTION_VALUES] }));
});

describe('alert rules', () => {
  it('pass promtool check rules', async () => {
    for (const g of [groups, productionGroups]) {
      const out = await checkRules(g);
      expect(out).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it('give every alert a severity, a summary, a description and a runbook section that exists', () => {
    const anchors = markdownAnchors(readFileSync(join(REPO_ROOT, 'docs/runbook.md'), 'utf8'));
    const names = new Set<string>();
    for (const a of alerts(groups)) {
      expect(names.has(a.alert), `duplicate ${a.alert}`).toBe(false);
      names.add(a.alert);
      expect(['critical', 'warning'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      const url = a.annotations?.runbook_url ?? '';
      expect(url.startsWith(`${RUNBOOK}#`), a.alert).toBe(true);
      expect(anchors, `${a.alert}: ${url}`).toContain(url.split('#')[1]);
    }
    // the seed's list (seed 001 §3.3) and the platform's own failure modes
    expect([...names].sort()).toEqual(
      [
        'BadgeApiErrorRateHigh',
        'BadgeApiLatencyP95High',
        'BadgeApiLatencyP99High',
        'BadgeDbPoolSaturated',
        'BadgeDbPoolWaiting',
        'BadgeEventLoopLagHigh',
        'BadgeGatewayInternalErrors',
        'BadgeGrantRejectionRateHigh',
        'BadgeKafkaConsumerLagHigh',
        'BadgeKafkaDlqMessages',
        'BadgeKafkaDlqWriteFailing',
        'BadgeOutboxBacklog',
        'BadgeOutboxPublishErrors',
        'BadgeRateLimitDegraded',
        'BadgeRateLimitRejectionsHigh',
        'BadgeStockExhausted',
        'BadgeStockLow',
        'BadgeSubgraphCircuitOpen',
        'BadgeTargetDown',
        'BadgeNotificationDeliveryFailures',
        'BadgeOperationLogAppendErrors',
        'BadgeRuleCompileErrors',
        'BenefitGrantFailureRateHigh',
        'BenefitPointsProviderFailing',
        'BenefitRedemptionFailureRateHigh',
        'BenefitStockExhausted',
        'BenefitStockLow',
      ].sort(),
    );
  });

  it('scope every expression to the release namespace', () => {
    for (const a of alerts(productionGroups)) {
      expect(a.expr, a.alert).toContain('namespace="badge"');
    }
  });
});

const L = { namespace: 'badge' };
const series = (name: string, labels: Record<string, string>, values: string) => ({
  series: `${name}{${Object.entries({ ...L, ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`,
  values,
});
const runbook = (anchor: string) => `${RUNBOOK}#${anchor}`;

describe('alert thresholds (promtool test rules)', () => {
  it('fire above the seed thresholds and stay quiet below them', async () => {
    const tests = [
      {
        name: 'P99 > 500 ms, P95 > 200 ms; probes do not count',
        interval: '1m',
        input_series: [
          // gateway: 90 % under 100 ms, 10 % between 0.5 s and 1 s → P95 and P99 in (0.5, 1]
          series(
            'http_request_duration_seconds_bucket',
            { service: 'gateway', route: '/graphql', le: '0.1' },
            '0+90x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'gateway', route: '/graphql', le: '0.5' },
            '0+90x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'gateway', route: '/graphql', le: '1' },
            '0+100x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'gateway', route: '/graphql', le: '+Inf' },
            '0+100x30',
          ),
          // a fast subgraph whose /ready probes are slow: not an API latency problem
          series(
            'http_request_duration_seconds_bucket',
            { service: 'badge-subgraph', route: '/graphql', le: '0.1' },
            '0+100x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'badge-subgraph', route: '/graphql', le: '+Inf' },
            '0+100x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'badge-subgraph', route: '/ready', le: '1' },
            '0x30',
          ),
          series(
            'http_request_duration_seconds_bucket',
            { service: 'badge-subgraph', route: '/ready', le: '+Inf' },
            '0+100x30',
          ),
        ],
        alert_rule_test: [
          {
            eval_time: '20m',
            alertname: 'BadgeApiLatencyP99High',
            exp_alerts: [
              {
                exp_labels: { severity: 'critical', namespace: 'badge', service: 'gateway' },
                exp_annotations: {
                  summary: 'gateway: P99 latency of /graphql is 950ms',
                  description: 'P99 of GraphQL HTTP requests has been above 0.5 s for 10 minutes.',
                  runbook_url: runbook('badgeapilatencyp99high'),
                },
              },
            ],
          },
          {
            eval_time: '20m',
            alertname: 'BadgeApiLatencyP95High',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', namespace: 'badge', service: 'gateway' },
                exp_annotations: {
                  summary: 'gateway: P95 latency of /graphql is 750ms',
                  description:
                    'P95 of GraphQL HTTP requests has been above the 0.2 s baseline for 15 minutes.',
                  runbook_url: runbook('badgeapilatencyp95high'),
                },
              },
            ],
          },
          { eval_time: '8m', alertname: 'BadgeApiLatencyP99High', exp_alerts: [] },
        ],
      },
      {
        name: '5xx > 1 %; 503s of /ready during a rollout do not count',
        interval: '1m',
        input_series: [
          series(
            'http_requests_total',
            { service: 'badge-subgraph', route: '/graphql', status_code: '200' },
            '0+98x20',
          ),
          series(
            'http_requests_total',
            { service: 'badge-subgraph', route: '/graphql', status_code: '500' },
            '0+2x20',
          ),
          series(
            'http_requests_total',
            { service: 'rule-subgraph', route: '/graphql', status_code: '200' },
            '0+1000x20',
          ),
          series(
            'http_requests_total',
            { service: 'rule-subgraph', route: '/graphql', status_code: '502' },
            '0+5x20',
          ),
          series(
            'http_requests_total',
            { service: 'rule-subgraph', route: '/ready', status_code: '503' },
            '0+1000x20',
          ),
        ],
        alert_rule_test: [
          {
            eval_time: '12m',
            alertname: 'BadgeApiErrorRateHigh',
            exp_alerts: [
              {
                exp_labels: { severity: 'critical', namespace: 'badge', service: 'badge-subgraph' },
                exp_annotations: {
                  summary: 'badge-subgraph: 2% of /graphql requests answer 5xx',
                  description:
                    'More than 1 % of GraphQL HTTP requests failed with a 5xx status for 5 minutes.',
                  runbook_url: runbook('badgeapierrorratehigh'),
                },
              },
            ],
          },
        ],
      },
      {
        name: 'consumer lag > 10,000 per group and topic (partitions summed)',
        interval: '1m',
        input_series: [
          ...['0', '1', '2'].map((p) =>
            series(
              'kafka_consumer_lag',
              {
                service: 'rule-worker',
                group: 'rule',
                topic: 'badge.engagement.events',
                partition: p,
              },
              '4000x30',
            ),
          ),
          series(
            'kafka_consumer_lag',
            { service: 'user-worker', group: 'user', topic: 'badge.badge.events', partition: '0' },
            '9999x30',
          ),
        ],
        alert_rule_test: [
          {
            eval_time: '15m',
            alertname: 'BadgeKafkaConsumerLagHigh',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'critical',
                  namespace: 'badge',
                  service: 'rule-worker',
                  group: 'rule',
                  topic: 'badge.engagement.events',
                },
                exp_annotations: {
                  summary: 'rule is 12k messages behind on badge.engagement.events',
                  description:
                    'Consumer lag above 10000 messages for 10 minutes; badge grants and notifications are delayed.',
                  runbook_url: runbook('badgekafkaconsumerlaghigh'),
                },
              },
            ],
          },
        ],
      },
      {
        name: 'any DLQ message',
        interval: '1m',
        input_series: [
          series(
            'kafka_dlq_messages_total',
            { service: 'rule-worker', group: 'rule', topic: 't', error_class: 'poison' },
            '0x20 1x20',
          ),
          series(
            'kafka_dlq_messages_total',
            { service: 'user-worker', group: 'user', topic: 't', error_class: 'poison' },
            '0x40',
          ),
        ],
        alert_rule_test: [
          { eval_time: '10m', alertname: 'BadgeKafkaDlqMessages', exp_alerts: [] },
          {
            eval_time: '25m',
            alertname: 'BadgeKafkaDlqMessages',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'warning',
                  namespace: 'badge',
                  service: 'rule-worker',
                  group: 'rule',
                  topic: 't',
                  error_class: 'poison',
                },
                exp_annotations: {
                  summary: 'rule sent 1 messages from t to the DLQ (poison)',
                  description:
                    'Messages that could not be processed are in badge.dlq and need a decision (fix and replay, or drop).',
                  runbook_url: runbook('badgekafkadlqmessages'),
                },
              },
            ],
          },
        ],
      },
      {
        name: 'database pool > 80 %',
        interval: '1m',
        input_series: [
          series(
            'db_pool_connections',
            { service: 'badge-subgraph', pod: 'p1', state: 'busy' },
            '9x20',
          ),
          series('db_pool_max', { service: 'badge-subgraph', pod: 'p1' }, '10x20'),
          series(
            'db_pool_connections',
            { service: 'badge-subgraph', pod: 'p2', state: 'busy' },
            '8x20',
          ),
          series('db_pool_max', { service: 'badge-subgraph', pod: 'p2' }, '10x20'),
        ],
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'BadgeDbPoolSaturated',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'warning',
                  namespace: 'badge',
                  service: 'badge-subgraph',
                  pod: 'p1',
                },
                exp_annotations: {
                  summary: 'p1: 90% of its database pool is in use',
                  description: 'Database pool use above 80 % for 5 minutes.',
                  runbook_url: runbook('badgedbpoolsaturated'),
                },
              },
            ],
          },
        ],
      },
      {
        name: 'low and exhausted badge stock; unscraped pods',
        interval: '1m',
        input_series: [
          series(
            'badge_remaining_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'gold' },
            '5x30',
          ),
          series(
            'badge_total_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'gold' },
            '100x30',
          ),
          series(
            'badge_remaining_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'silver' },
            '0x30',
          ),
          series(
            'badge_total_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'silver' },
            '100x30',
          ),
          series(
            'badge_remaining_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'bronze' },
            '50x30',
          ),
          series(
            'badge_total_stock',
            { service: 'badge-worker', pod: 'w1', badge_code: 'bronze' },
            '100x30',
          ),
          series('up', { job: 'badge/badge-badge-platform', pod: 'badge-worker-1' }, '0x30'),
          series('up', { job: 'badge/badge-badge-platform', pod: 'badge-worker-2' }, '1x30'),
        ],
        alert_rule_test: [
          {
            eval_time: '20m',
            alertname: 'BadgeStockLow',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', namespace: 'badge', badge_code: 'gold' },
                exp_annotations: {
                  summary: 'Badge gold has 5% of its stock left',
                  description:
                    'Below 10 % of the total stock; top up or plan the end of the campaign.',
                  runbook_url: runbook('badgestocklow'),
                },
              },
            ],
          },
          {
            eval_time: '20m',
            alertname: 'BadgeStockExhausted',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', namespace: 'badge', badge_code: 'silver' },
                exp_annotations: {
                  summary: 'Badge silver is out of stock',
                  description:
                    'New grants of this badge are refused (badge_grant_rejections_total).',
                  runbook_url: runbook('badgestocklow'),
                },
              },
            ],
          },
          {
            eval_time: '20m',
            alertname: 'BadgeTargetDown',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'critical',
                  namespace: 'badge',
                  job: 'badge/badge-badge-platform',
                  pod: 'badge-worker-1',
                },
                exp_annotations: {
                  summary: 'badge-worker-1 cannot be scraped',
                  description:
                    "Prometheus has not reached the pod's metrics endpoint for 5 minutes (crash loop, hang or network policy).",
                  runbook_url: runbook('badgetargetdown'),
                },
              },
            ],
          },
        ],
      },
      {
        name: 'benefit grant failures > 5 %, benefit stock',
        interval: '1m',
        input_series: [
          series(
            'benefit_grants_total',
            { service: 'benefit-worker', pod: 'b1', type: 'POINTS', status: 'GRANTED' },
            '0+90x40',
          ),
          series(
            'benefit_grants_total',
            { service: 'benefit-worker', pod: 'b1', type: 'POINTS', status: 'FAILED' },
            '0+10x40',
          ),
          series(
            'benefit_grants_total',
            { service: 'benefit-worker', pod: 'b1', type: 'POINTS', status: 'PENDING' },
            '0+500x40',
          ),
          series(
            'benefit_remaining_stock',
            { service: 'benefit-worker', pod: 'b1', benefit_code: 'mug' },
            '3x40',
          ),
          series(
            'benefit_total_stock',
            { service: 'benefit-worker', pod: 'b1', benefit_code: 'mug' },
            '100x40',
          ),
        ],
        alert_rule_test: [
          {
            eval_time: '35m',
            alertname: 'BenefitGrantFailureRateHigh',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', namespace: 'badge' },
                exp_annotations: {
                  summary: '10% of benefit grants fail',
                  description:
                    'Benefit grants end FAILED above 5 % (points system, stock, configuration); retryable ones are retried.',
                  runbook_url: runbook('benefitgrantfailureratehigh'),
                },
              },
            ],
          },
          {
            eval_time: '35m',
            alertname: 'BenefitStockLow',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', namespace: 'badge', benefit_code: 'mug' },
                exp_annotations: {
                  summary: 'Benefit mug has 3% of its stock left',
                  description:
                    'Below 10 % of the total stock; top up or plan the end of the offer.',
                  runbook_url: runbook('benefitstocklow'),
                },
              },
            ],
          },
        ],
      },
    ];
    const out = await promtool((dir) => ['test', 'rules', join(dir, 'tests.yaml')], {
      'rules.yaml': { groups },
      'tests.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests },
    });
    expect(out).toContain('SUCCESS');
  });
});
