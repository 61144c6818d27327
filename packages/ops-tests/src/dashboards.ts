/**
 * The Grafana dashboards of the chart (helm/badge-platform/dashboards/*.json), defined compactly
 * here and written as Grafana JSON by `pnpm --filter @badge/ops-tests run dashboards`. The tests
 * check that the committed JSON is what this file produces, that every expression parses, and
 * that every metric it uses is exported by a service.
 */

interface Target {
  expr: string;
  legend?: string;
}

interface PanelDef {
  title: string;
  description: string;
  type?: 'timeseries' | 'stat' | 'bargauge';
  unit?: string;
  /** width in grid columns (24 per row) */
  width?: number;
  height?: number;
  targets: Target[];
  /** stat colour steps: [value, colour] above the base (green) */
  thresholds?: [number, string][];
  stacked?: boolean;
  min?: number;
  max?: number;
}

interface RowDef {
  row: string;
}

export interface DashboardDef {
  uid: string;
  file: string;
  title: string;
  description: string;
  panels: (PanelDef | RowDef)[];
}

const NS = 'namespace="$namespace"';
const RATE = '$__rate_interval';

const quantile = (q: number, metric: string, by: string, filter: string) =>
  `histogram_quantile(${q}, sum by (${by}, le) (rate(${metric}_bucket{${filter}}[${RATE}])))`;

export const DASHBOARDS: DashboardDef[] = [
  {
    uid: 'badge-overview',
    file: 'platform-overview.json',
    title: 'Badge platform / Overview',
    description: 'Golden signals of every process: traffic, errors, latency, saturation.',
    panels: [
      { row: 'Service level' },
      {
        title: 'GraphQL requests/s (gateway)',
        description: 'HTTP requests to /graphql at the gateway.',
        type: 'stat',
        unit: 'reqps',
        width: 6,
        height: 4,
        targets: [
          {
            expr: `sum(rate(http_requests_total{${NS}, service="gateway", route="/graphql"}[${RATE}]))`,
          },
        ],
      },
      {
        title: '5xx ratio (all services)',
        description: 'Share of /graphql requests answered with a 5xx status. Alert above 1 %.',
        type: 'stat',
        unit: 'percentunit',
        width: 6,
        height: 4,
        thresholds: [
          [0.005, 'orange'],
          [0.01, 'red'],
        ],
        targets: [
          {
            expr: `sum(rate(http_requests_total{${NS}, route="/graphql", status_code=~"5.."}[${RATE}])) / sum(rate(http_requests_total{${NS}, route="/graphql"}[${RATE}]))`,
          },
        ],
      },
      {
        title: 'Gateway P99 latency',
        description: 'P99 of /graphql at the gateway. Alert above 500 ms (P95 baseline 200 ms).',
        type: 'stat',
        unit: 's',
        width: 6,
        height: 4,
        thresholds: [
          [0.2, 'orange'],
          [0.5, 'red'],
        ],
        targets: [
          {
            expr: quantile(
              0.99,
              'http_request_duration_seconds',
              'service',
              `${NS}, service="gateway", route="/graphql"`,
            ),
          },
        ],
      },
      {
        title: 'Consumer lag (all groups)',
        description:
          'Messages not yet processed by the workers. Alert above 10,000 per group and topic.',
        type: 'stat',
        unit: 'short',
        width: 6,
        height: 4,
        thresholds: [
          [1000, 'orange'],
          [10000, 'red'],
        ],
        targets: [{ expr: `sum(kafka_consumer_lag{${NS}})` }],
      },
      { row: 'Traffic and errors' },
      {
        title: 'Requests/s by service',
        description: 'HTTP requests to /graphql of the gateway and each subgraph server.',
        unit: 'reqps',
        width: 12,
        targets: [
          {
            expr: `sum by (service) (rate(http_requests_total{${NS}, route="/graphql"}[${RATE}]))`,
            legend: '{{service}}',
          },
        ],
      },
      {
        title: '5xx ratio by service',
        description: 'Share of /graphql requests answered with a 5xx status.',
        unit: 'percentunit',
        width: 12,
        targets: [
          {
            expr: `sum by (service) (rate(http_requests_total{${NS}, route="/graphql", status_code=~"5.."}[${RATE}])) / sum by (service) (rate(http_requests_total{${NS}, route="/graphql"}[${RATE}]))`,
            legend: '{{service}}',
          },
        ],
      },
      {
        title: 'P95 latency by service',
        description: 'P95 of /graphql requests (target < 200 ms).',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: quantile(
              0.95,
              'http_request_duration_seconds',
              'service',
              `${NS}, route="/graphql"`,
            ),
            legend: '{{service}}',
          },
        ],
      },
      {
        title: 'P99 latency by service',
        description: 'P99 of /graphql requests (target < 500 ms).',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: quantile(
              0.99,
              'http_request_duration_seconds',
              'service',
              `${NS}, route="/graphql"`,
            ),
            legend: '{{service}}',
          },
        ],
      },
      { row: 'Saturation' },
      {
        title: 'Database pool in use',
        description: 'Busy connections / pool size per pod. Alert above 80 %.',
        unit: 'percentunit',
        width: 8,
        max: 1,
        targets: [
          {
            expr: `max by (service, pod) (db_pool_connections{${NS}, state="busy"}) / max by (service, pod) (db_pool_max{${NS}})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Requests waiting for a connection',
        description: 'Queries queued because the pool is exhausted.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `max by (service, pod) (db_pool_connections{${NS}, state="waiting"})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Event loop lag P99',
        description: 'A blocked or CPU-bound Node process delays everything it serves.',
        unit: 's',
        width: 8,
        targets: [
          {
            expr: `max by (service, pod) (nodejs_eventloop_lag_p99_seconds{${NS}})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'CPU by pod',
        description: 'CPU seconds per second of each process.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum by (service, pod) (rate(process_cpu_seconds_total{${NS}}[${RATE}]))`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Memory (RSS) by pod',
        description: 'Resident memory of each process (limit 512 MiB by default).',
        unit: 'bytes',
        width: 8,
        targets: [
          {
            expr: `max by (service, pod) (process_resident_memory_bytes{${NS}})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Heap used by pod',
        description: 'V8 heap in use.',
        unit: 'bytes',
        width: 8,
        targets: [
          {
            expr: `sum by (service, pod) (nodejs_heap_size_used_bytes{${NS}})`,
            legend: '{{pod}}',
          },
        ],
      },
      { row: 'Console' },
      {
        title: 'Console sign-ins',
        description: 'Admin sign-ins at the console by result (mfa_required: no MFA evidence).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (increase(admin_web_sign_ins_total{${NS}}[1h]))`,
            legend: '{{result}}',
          },
        ],
      },
      {
        title: 'Console token refreshes',
        description: 'Access token refreshes against MYID by result (errors sign the admin out).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (increase(admin_web_token_refreshes_total{${NS}}[1h]))`,
            legend: '{{result}}',
          },
        ],
      },
    ],
  },
  {
    uid: 'badge-pipeline',
    file: 'event-pipeline.json',
    title: 'Badge platform / Event pipeline',
    description: 'Kafka consumers, DLQ, outbox relays and exactly-once processing.',
    panels: [
      { row: 'Consumers' },
      {
        title: 'Consumer lag by group and topic',
        description:
          'High watermark minus next offset to process. Alert above 10,000 for 10 minutes.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (group, topic) (max by (group, topic, partition) (kafka_consumer_lag{${NS}}))`,
            legend: '{{group}} / {{topic}}',
          },
        ],
      },
      {
        title: 'Messages consumed/s by outcome',
        description: 'ok: first attempt, retried: succeeded after retries, dlq: sent to badge.dlq.',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (group, status) (rate(kafka_messages_consumed_total{${NS}}[${RATE}]))`,
            legend: '{{group}} {{status}}',
          },
        ],
      },
      {
        title: 'Handler duration P95 by group',
        description: 'Time of one handler call (transaction with inbox, effect and outbox rows).',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: quantile(0.95, 'kafka_message_processing_seconds', 'group', NS),
            legend: '{{group}}',
          },
        ],
      },
      {
        title: 'Rule worker: event latency P95',
        description:
          'From an event’s Kafka timestamp to the commit of its effect (the rule worker processes in batches).',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: quantile(0.95, 'rule_event_latency_seconds', 'topic', NS),
            legend: '{{topic}} end to end',
          },
          {
            expr: quantile(0.95, 'rule_event_processing_seconds', 'topic', NS),
            legend: '{{topic}} processing',
          },
        ],
      },
      {
        title: 'Handler retries/s',
        description: 'Failed handler attempts that were retried.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (group, topic) (rate(kafka_message_retries_total{${NS}}[${RATE}]))`,
            legend: '{{group}} / {{topic}}',
          },
        ],
      },
      {
        title: 'Consumers waiting for a dependency',
        description:
          'Messages retried without limit because the database is unreachable, restarting or out of connections: they wait in Kafka, not the DLQ, and the group catches up when it is back.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (group) (kafka_consumer_dependency_waits{${NS}})`,
            legend: '{{group}}',
          },
        ],
      },
      {
        title: 'Events processed by outcome',
        description:
          'processed: effect applied; duplicate: redelivery already in the inbox (no effect).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (consumer, outcome) (rate(events_processed_total{${NS}}[${RATE}]))`,
            legend: '{{consumer}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Badge worker: command latency P95',
        description:
          'Grant commands, from their Kafka timestamp (end to end) or from the worker picking up their batch (processing) to the commit of their effect.',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: quantile(0.95, 'badge_command_latency_seconds', 'event_type', NS),
            legend: '{{event_type}} end to end',
          },
          {
            expr: quantile(0.95, 'badge_command_processing_seconds', 'event_type', NS),
            legend: '{{event_type}} processing',
          },
        ],
      },
      {
        title: 'Badge worker: batches by transaction',
        description:
          'sql: every command set-based in a plain SQL transaction (the fast path); prisma: some command needs the grant service (or its badge just did); prisma_after_sql: the plain SQL attempt was rolled back first.',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (transaction) (rate(badge_command_batches_total{${NS}}[${RATE}]))`,
            legend: '{{transaction}}',
          },
        ],
      },
      { row: 'Dead letters' },
      {
        title: 'DLQ messages (last hour)',
        description: 'Messages parked in badge.dlq, by origin and error class. Any is an alert.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (group, topic, error_class) (increase(kafka_dlq_messages_total{${NS}}[1h]))`,
            legend: '{{group}} {{topic}} {{error_class}}',
          },
        ],
      },
      {
        title: 'DLQ write errors',
        description: 'Poison messages that could not be parked: their partition is stuck.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (group, topic) (increase(kafka_dlq_write_errors_total{${NS}}[1h]))`,
            legend: '{{group}} {{topic}}',
          },
        ],
      },
      { row: 'Outbox relays and producers' },
      {
        title: 'Outbox pending',
        description: 'Committed events not yet published to Kafka, per domain outbox.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `max by (outbox) (outbox_pending{${NS}})`,
            legend: '{{outbox}}',
          },
        ],
      },
      {
        title: 'Outbox published/s by topic',
        description: 'Rows published and marked published by the relays.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum by (outbox, topic) (rate(outbox_published_total{${NS}}[${RATE}]))`,
            legend: '{{outbox}} → {{topic}}',
          },
        ],
      },
      {
        title: 'Outbox relay errors',
        description: 'Failed relay rounds (Kafka or database errors).',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum by (outbox) (increase(outbox_publish_errors_total{${NS}}[${RATE}]))`,
            legend: '{{outbox}}',
          },
        ],
      },
      {
        title: 'Messages produced/s',
        description: 'Messages sent to Kafka (relays and DLQ writers).',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (service) (rate(kafka_messages_produced_total{${NS}}[${RATE}]))`,
            legend: '{{service}}',
          },
        ],
      },
      {
        title: 'Produce errors',
        description: 'Failed sends to Kafka.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum by (service) (increase(kafka_produce_errors_total{${NS}}[${RATE}]))`,
            legend: '{{service}}',
          },
        ],
      },
    ],
  },
  {
    uid: 'badge-gateway',
    file: 'gateway.json',
    title: 'Badge platform / Gateway',
    description:
      'The public GraphQL API: operations, subgraph calls, circuit breakers, rate limits.',
    panels: [
      { row: 'Traffic' },
      {
        title: 'Requests/s by status code',
        description: 'HTTP responses of the gateway.',
        unit: 'reqps',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (status_code) (rate(http_requests_total{${NS}, service="gateway"}[${RATE}]))`,
            legend: '{{status_code}}',
          },
        ],
      },
      {
        title: 'Latency P50 / P95 / P99',
        description: 'Of /graphql requests at the gateway.',
        unit: 's',
        width: 12,
        targets: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(
            q,
            'http_request_duration_seconds',
            'service',
            `${NS}, service="gateway", route="/graphql"`,
          ),
          legend: `P${q * 100}`,
        })),
      },
      {
        title: 'Top operations/s',
        description: 'GraphQL operations by name (top 10).',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `topk(10, sum by (operation_name) (rate(graphql_operations_total{${NS}, service="gateway"}[${RATE}])))`,
            legend: '{{operation_name}}',
          },
        ],
      },
      {
        title: 'Operation duration P95 (top 10)',
        description: 'Slowest operations by P95.',
        unit: 's',
        width: 12,
        targets: [
          {
            expr: `topk(10, ${quantile(0.95, 'graphql_operation_duration_seconds', 'operation_name', `${NS}, service="gateway"`)})`,
            legend: '{{operation_name}}',
          },
        ],
      },
      {
        title: 'GraphQL errors by code',
        description: 'Errors returned to callers (HTTP 200 with errors included).',
        unit: 'short',
        width: 24,
        stacked: true,
        targets: [
          {
            expr: `sum by (code) (rate(gateway_errors_total{${NS}}[${RATE}]))`,
            legend: '{{code}}',
          },
        ],
      },
      { row: 'Subgraphs' },
      {
        title: 'Subgraph fetch P95',
        description: 'Gateway → subgraph request duration.',
        unit: 's',
        width: 8,
        targets: [
          {
            expr: quantile(0.95, 'gateway_subgraph_fetch_duration_seconds', 'subgraph', NS),
            legend: '{{subgraph}}',
          },
        ],
      },
      {
        title: 'Subgraph fetches/s by outcome',
        description: 'ok, error, circuit_open (refused without calling).',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (subgraph, outcome) (rate(gateway_subgraph_fetch_duration_seconds_count{${NS}}[${RATE}]))`,
            legend: '{{subgraph}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Open circuits',
        description: '1 while the circuit to a subgraph is open (its fields answer errors).',
        unit: 'short',
        width: 8,
        min: 0,
        max: 1,
        targets: [
          {
            expr: `max by (subgraph) (gateway_circuit_open{${NS}})`,
            legend: '{{subgraph}}',
          },
        ],
      },
      { row: 'Rate limits and partners' },
      {
        title: 'Rate-limit rejections/s',
        description: 'Requests answered 429, by caller kind (partner API key, anonymous IP).',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum by (caller) (rate(gateway_rate_limit_rejections_total{${NS}}[${RATE}]))`,
            legend: '{{caller}}',
          },
        ],
      },
      {
        title: 'Unchecked requests (Redis down)',
        description:
          'Requests let through without a rate-limit check because Redis was unavailable.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum(rate(gateway_rate_limit_degraded_total{${NS}}[${RATE}]))`,
            legend: 'unchecked',
          },
        ],
      },
      {
        title: 'Persisted operations',
        description: 'Trusted document lookups: hit, miss.',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (rate(gateway_persisted_queries_total{${NS}}[${RATE}]))`,
            legend: '{{result}}',
          },
        ],
      },
    ],
  },
  {
    uid: 'badge-business',
    file: 'business-kpis.json',
    title: 'Badge platform / Business KPIs',
    description:
      'Badges granted, refused, revoked and expired; rules; benefits and redemptions; stock; notifications; audit log.',
    panels: [
      { row: 'Badges' },
      {
        title: 'Badges granted (per hour)',
        description: 'Grants committed, by source (RULE, MANUAL, BATCH, CASCADE, REDEMPTION).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (source) (increase(badge_grants_total{${NS}}[1h]))`,
            legend: '{{source}}',
          },
        ],
      },
      {
        title: 'Grant refusals (per hour)',
        description: 'Grant and revoke commands refused for a business reason.',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (reason) (increase(badge_grant_rejections_total{${NS}}[1h]))`,
            legend: '{{reason}}',
          },
        ],
      },
      {
        title: 'Revoked and consumed (per hour)',
        description: 'User badges revoked or consumed by redemptions.',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (kind, source) (increase(badge_revokes_total{${NS}}[1h]))`,
            legend: '{{kind}} {{source}}',
          },
        ],
      },
      {
        title: 'Expired (per hour)',
        description: 'User badges expired by the expiry sweep.',
        unit: 'short',
        width: 8,
        targets: [
          {
            expr: `sum(increase(badge_expirations_total{${NS}}[1h]))`,
            legend: 'expired',
          },
        ],
      },
      {
        title: 'Cascade evaluations (per hour)',
        description: 'Dependent badges evaluated after a grant or revoke, by result.',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (increase(cascade_evaluations_total{${NS}}[1h]))`,
            legend: '{{result}}',
          },
        ],
      },
      {
        title: 'Remaining badge stock',
        description: 'Badges with finite stock: remaining / total. Alert below 10 %.',
        type: 'bargauge',
        unit: 'percentunit',
        width: 12,
        height: 10,
        min: 0,
        max: 1,
        thresholds: [
          [0.1, 'orange'],
          [0.25, 'green'],
        ],
        targets: [
          {
            expr: `max by (badge_code) (badge_remaining_stock{${NS}}) / max by (badge_code) (badge_total_stock{${NS}})`,
            legend: '{{badge_code}}',
          },
        ],
      },
      {
        title: 'Batch task rows (per hour)',
        description: 'CSV rows of batch grant/revoke tasks by type and outcome.',
        unit: 'short',
        width: 12,
        height: 10,
        stacked: true,
        targets: [
          {
            expr: `sum by (type, outcome) (increase(badge_batch_rows_total{${NS}}[1h]))`,
            legend: '{{type}} {{outcome}}',
          },
        ],
      },
      { row: 'Rules' },
      {
        title: 'Rule evaluations (per hour)',
        description:
          'Rule evaluations of incoming events by result (granted, not_met, limit_reached, …).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (increase(rule_evaluations_total{${NS}}[1h]))`,
            legend: '{{result}}',
          },
        ],
      },
      {
        title: 'Grant commands issued (per hour)',
        description: 'Grant and revoke commands the rule worker wrote to its outbox.',
        unit: 'short',
        width: 6,
        stacked: true,
        targets: [
          {
            expr: `sum by (kind) (increase(rule_grant_commands_total{${NS}}[1h]))`,
            legend: '{{kind}}',
          },
        ],
      },
      {
        title: 'Published rules',
        description: 'Rules in the rule worker’s index, and rule versions that failed to compile.',
        type: 'stat',
        unit: 'short',
        width: 6,
        targets: [
          { expr: `max(rule_index_rules{${NS}})`, legend: 'rules' },
          {
            expr: `sum(increase(rule_index_compile_errors_total{${NS}}[1h]))`,
            legend: 'compile errors (1 h)',
          },
        ],
      },
      { row: 'Benefits and redemptions' },
      {
        title: 'Benefit grants (per hour)',
        description: 'Benefit grants reaching a status, by benefit type.',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (type, status) (increase(benefit_grants_total{${NS}}[1h]))`,
            legend: '{{type}} {{status}}',
          },
        ],
      },
      {
        title: 'Redemptions (per hour)',
        description: 'Redemptions reaching a status (COMPLETED, FAILED, COMPENSATED).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (status) (increase(redemptions_total{${NS}}[1h]))`,
            legend: '{{status}}',
          },
        ],
      },
      {
        title: 'Redemption duration P95',
        description: 'From the redemption request to its final status.',
        unit: 's',
        width: 8,
        targets: [
          {
            expr: quantile(0.95, 'redemption_duration_seconds', 'status', NS),
            legend: '{{status}}',
          },
        ],
      },
      {
        title: 'Points system calls',
        description: 'Calls to the external points system by operation and outcome.',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (operation, outcome) (rate(benefit_points_provider_calls_total{${NS}}[${RATE}]))`,
            legend: '{{operation}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Clawbacks (per hour)',
        description: 'Benefit clawbacks after a badge revocation or an admin revoke, by outcome.',
        unit: 'short',
        width: 8,
        stacked: true,
        targets: [
          {
            expr: `sum by (type, outcome) (increase(benefit_clawbacks_total{${NS}}[1h]))`,
            legend: '{{type}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Remaining benefit stock',
        description: 'Benefits with finite stock: remaining / total. Alert below 10 %.',
        type: 'bargauge',
        unit: 'percentunit',
        width: 24,
        height: 10,
        min: 0,
        max: 1,
        thresholds: [
          [0.1, 'orange'],
          [0.25, 'green'],
        ],
        targets: [
          {
            expr: `max by (benefit_code) (benefit_remaining_stock{${NS}}) / max by (benefit_code) (benefit_total_stock{${NS}})`,
            legend: '{{benefit_code}}',
          },
        ],
      },
      { row: 'Users, notifications and audit' },
      {
        title: 'Notifications created (per hour)',
        description: 'Notifications stored in users’ inboxes, by type.',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (type) (increase(notifications_created_total{${NS}}[1h]))`,
            legend: '{{type}}',
          },
        ],
      },
      {
        title: 'Notification deliveries (per hour)',
        description: 'Delivery outcomes by channel and status (sent, retry, failed, skipped).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (channel, status) (increase(notification_deliveries_total{${NS}}[1h]))`,
            legend: '{{channel}} {{status}}',
          },
        ],
      },
      {
        title: 'Operation log entries (per hour)',
        description: 'Entries appended to the hash-chained operation log, and failed appends.',
        unit: 'short',
        width: 12,
        targets: [
          {
            expr: `sum(increase(operation_log_entries_total{${NS}}[1h]))`,
            legend: 'appended',
          },
          {
            expr: `sum(increase(operation_log_append_errors_total{${NS}}[1h]))`,
            legend: 'append errors',
          },
        ],
      },
      {
        title: 'Partner API key lookups',
        description: 'Gateway key lookups by result (active, disabled, expired, not_found).',
        unit: 'short',
        width: 12,
        stacked: true,
        targets: [
          {
            expr: `sum by (result) (rate(api_key_lookups_total{${NS}}[${RATE}]))`,
            legend: '{{result}}',
          },
        ],
      },
    ],
  },
];

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function panelJson(def: PanelDef, id: number, gridPos: object) {
  const type = def.type ?? 'timeseries';
  const steps = [
    { color: 'green', value: null },
    ...(def.thresholds ?? []).map(([value, color]) => ({ color, value })),
  ];
  return {
    id,
    type,
    title: def.title,
    description: def.description,
    datasource: DATASOURCE,
    gridPos,
    targets: def.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: t.expr,
      legendFormat: t.legend ?? '__auto',
      range: true,
      instant: false,
    })),
    fieldConfig: {
      defaults: {
        unit: def.unit ?? 'short',
        ...(def.min !== undefined ? { min: def.min } : {}),
        ...(def.max !== undefined ? { max: def.max } : {}),
        thresholds: { mode: 'absolute', steps },
        ...(type === 'timeseries'
          ? {
              custom: {
                drawStyle: 'line',
                lineWidth: 1,
                fillOpacity: def.stacked ? 30 : 10,
                showPoints: 'never',
                stacking: { mode: def.stacked ? 'normal' : 'none', group: 'A' },
              },
            }
          : {}),
      },
      overrides: [],
    },
    options:
      type === 'stat'
        ? {
            reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
            colorMode: 'value',
            graphMode: 'area',
            textMode: 'auto',
          }
        : type === 'bargauge'
          ? {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              orientation: 'horizontal',
              displayMode: 'gradient',
            }
          : {
              legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
              tooltip: { mode: 'multi', sort: 'desc' },
            },
  };
}

/** Grafana dashboard JSON (schema 39) of a definition. */
export function dashboardJson(def: DashboardDef): object {
  const panels: object[] = [];
  let id = 1;
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of def.panels) {
    if ('row' in item) {
      if (x > 0) y += rowHeight;
      x = 0;
      rowHeight = 0;
      panels.push({
        id: id++,
        type: 'row',
        title: item.row,
        collapsed: false,
        gridPos: { h: 1, w: 24, x: 0, y },
        panels: [],
      });
      y += 1;
      continue;
    }
    const w = item.width ?? 12;
    const h = item.height ?? 8;
    if (x + w > 24) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    panels.push(panelJson(item, id++, { h, w, x, y }));
    x += w;
    rowHeight = Math.max(rowHeight, h);
  }
  return {
    uid: def.uid,
    title: def.title,
    description: def.description,
    tags: ['badge-platform'],
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    links: [
      {
        type: 'dashboards',
        title: 'Badge platform',
        tags: ['badge-platform'],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
      },
    ],
    annotations: { list: [] },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
        },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: DATASOURCE,
          definition: 'label_values(process_start_time_seconds, namespace)',
          query: {
            query: 'label_values(process_start_time_seconds, namespace)',
            refId: 'namespace',
          },
          refresh: 2,
          sort: 1,
          includeAll: false,
          multi: false,
          current: {},
          hide: 0,
        },
      ],
    },
    panels,
  };
}
