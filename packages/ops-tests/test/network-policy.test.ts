/**
 * The chart's NetworkPolicies as a connectivity matrix (seed 001 §6.6): only the gateway and the
 * console are reachable from outside, subgraph servers only from the gateway, metrics only from
 * Prometheus, data stores only from the pods that use them; everything else is denied.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_VALUES, renderChart, type Rendered } from '../src/helm.js';
import {
  inCidr,
  matchesSelector,
  NetworkModel,
  podsOf,
  type Endpoint,
  type Namespace,
  type Pod,
} from '../src/network-policy.js';

const NS = 'badge';
const namespaces: Namespace[] = [
  NS,
  'ingress-nginx',
  'monitoring',
  'kube-system',
  'observability',
  'other',
].map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } }));

/** Pods that are not the chart's: controllers, Prometheus, DNS, data stores, strangers. */
const outsiders = {
  ingress: {
    name: 'ingress',
    namespace: 'ingress-nginx',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
  },
  prometheus: {
    name: 'prometheus',
    namespace: 'monitoring',
    labels: { 'app.kubernetes.io/name': 'prometheus' },
  },
  dns: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  postgresql: {
    name: 'pg-0',
    namespace: NS,
    labels: { 'app.kubernetes.io/name': 'postgresql' },
    ports: { tcp: 5432 },
  },
  postgresqlReplica: {
    name: 'pg-1',
    namespace: NS,
    labels: { 'app.kubernetes.io/name': 'postgresql' },
  },
  redis: { name: 'redis-0', namespace: NS, labels: { 'app.kubernetes.io/name': 'redis' } },
  kafka: { name: 'kafka-0', namespace: NS, labels: { 'app.kubernetes.io/name': 'kafka' } },
  otel: { name: 'otel', namespace: 'observability', labels: { app: 'otel-collector' } },
  sameNamespace: { name: 'debug', namespace: NS, labels: { run: 'debug' } },
  otherNamespace: {
    name: 'intruder',
    namespace: 'other',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
  },
} satisfies Record<string, Pod>;

const pod = (p: Pod): Endpoint => ({ pod: p });
const internet: Endpoint = { ip: '203.0.113.10' };

function model(rendered: Rendered) {
  const pods = podsOf(rendered.objects, NS);
  const byName = (suffix: string): Pod => {
    const found = pods.filter((p) => p.name.endsWith(`-${suffix}`));
    if (found.length !== 1) throw new Error(`pod *-${suffix}: ${found.length}`);
    return found[0]!;
  };
  return { net: new NetworkModel(rendered.all('NetworkPolicy'), namespaces, NS), pods, byName };
}

describe('network policy evaluator', () => {
  it('matches label selectors and CIDRs like Kubernetes', () => {
    expect(matchesSelector({}, { a: 'b' })).toBe(true);
    expect(matchesSelector({ matchLabels: { a: 'b' } }, { a: 'c' })).toBe(false);
    expect(
      matchesSelector(
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'b'] }] },
        { a: 'b' },
      ),
    ).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b'] }] }, {}),
    ).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { a: '' }),
    ).toBe(false);
    expect(inCidr('10.40.17.3', '10.40.16.0/20')).toBe(true);
    expect(inCidr('10.40.32.1', '10.40.16.0/20')).toBe(false);
    expect(inCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });

  it('allows everything without policies and isolates a selected pod per direction', () => {
    const a: Pod = { name: 'a', namespace: NS, labels: { app: 'a' }, ports: { http: 80 } };
    const b: Pod = { name: 'b', namespace: NS, labels: { app: 'b' }, ports: { http: 80 } };
    expect(new NetworkModel([], namespaces, NS).canConnect(pod(a), pod(b), 80)).toBe(true);
    const onlyFromA = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: {
        podSelector: { matchLabels: { app: 'b' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'http' }] },
        ],
      },
    };
    const net = new NetworkModel([onlyFromA], namespaces, NS);
    expect(net.canConnect(pod(a), pod(b), 'http')).toBe(true);
    expect(net.canConnect(pod(b), pod(a), 'http')).toBe(true);
    expect(net.canConnect(pod(outsiders.sameNamespace), pod(b), 80)).toBe(false);
    expect(net.canConnect(pod(a), pod(b), 81)).toBe(false);
  });
});

describe('with default values (in-cluster data stores)', () => {
  let m: ReturnType<typeof model>;
  beforeAll(async () => {
    m = model(await renderChart());
  });

  it('lets the ingress controller reach only the gateway and the console', () => {
    const from = pod(outsiders.ingress);
    expect(m.net.canConnect(from, pod(m.byName('gateway')), 'http')).toBe(true);
    expect(m.net.canConnect(from, pod(m.byName('admin-web')), 'http')).toBe(true);
    for (const other of ['badge-server', 'user-server', 'badge-worker']) {
      const target = m.byName(other);
      for (const port of Object.keys(target.ports ?? {})) {
        expect(m.net.canConnect(from, pod(target), port), `${other}:${port}`).toBe(false);
      }
    }
    expect(m.net.canConnect(from, pod(m.byName('gateway')), 'metrics')).toBe(false);
  });

  it('refuses everyone else: other namespaces, other pods of the namespace', () => {
    for (const stranger of [outsiders.otherNamespace, outsiders.sameNamespace]) {
      for (const target of m.pods) {
        for (const port of Object.keys(target.ports ?? {})) {
          expect(
            m.net.canConnect(pod(stranger), pod(target), port),
            `${stranger.name} → ${target.name}:${port}`,
          ).toBe(false);
        }
      }
      for (const store of [outsiders.postgresql, outsiders.redis, outsiders.kafka]) {
        expect(m.net.canConnect(pod(stranger), pod(store), 5432)).toBe(false);
      }
    }
  });

  it('lets only the gateway call the subgraph servers, and the console call the gateway', () => {
    const gateway = pod(m.byName('gateway'));
    const console = pod(m.byName('admin-web'));
    for (const s of ['badge', 'rule', 'benefit', 'user']) {
      const server = pod(m.byName(`${s}-server`));
      expect(m.net.canConnect(gateway, server, 'http'), s).toBe(true);
      expect(m.net.canConnect(console, server, 'http'), s).toBe(false);
      expect(m.net.canConnect(pod(m.byName('badge-worker')), server, 'http'), s).toBe(false);
      expect(m.net.canConnect(pod(m.byName('rule-server')), server, 'http'), s).toBe(false);
    }
    expect(m.net.canConnect(console, gateway, 'http')).toBe(true);
  });

  it('lets Prometheus scrape every metrics port (and the console’s /api/metrics)', () => {
    const prometheus = pod(outsiders.prometheus);
    for (const target of m.pods.filter((p) => p.ports?.metrics)) {
      expect(m.net.canConnect(prometheus, pod(target), 'metrics'), target.name).toBe(true);
    }
    expect(m.net.canConnect(prometheus, pod(m.byName('admin-web')), 'http')).toBe(true);
    expect(m.net.canConnect(prometheus, pod(m.byName('badge-server')), 'http')).toBe(false);
  });

  it('opens PostgreSQL, Redis and Kafka only to the processes that use them', () => {
    const can = (from: string, to: Pod, port: number) =>
      m.net.canConnect(pod(m.byName(from)), pod(to), port);
    const { postgresql, redis, kafka } = outsiders;
    for (const p of ['badge-server', 'rule-worker', 'user-worker', 'benefit-server']) {
      expect(can(p, postgresql, 5432), p).toBe(true);
      expect(can(p, redis, 6379), p).toBe(true);
      // servers write outbox rows; only workers (consumers, outbox relays) talk to Kafka
      expect(can(p, kafka, 9092), p).toBe(p.endsWith('-worker'));
    }
    expect(can('gateway', redis, 6379)).toBe(true);
    expect(can('gateway', postgresql, 5432)).toBe(false);
    expect(can('gateway', kafka, 9092)).toBe(false);
    expect(can('admin-web', postgresql, 5432)).toBe(false);
    expect(can('admin-web', redis, 6379)).toBe(false);
    for (const job of ['migrate', 'backup', 'expire-badges']) {
      expect(can(job, postgresql, 5432), job).toBe(true);
      expect(can(job, redis, 6379), job).toBe(false);
      expect(can(job, kafka, 9092), job).toBe(false);
    }
    expect(can('badge-server', postgresql, 6379), 'only the database port').toBe(false);
    // the data stores' own traffic and exporters keep working
    expect(m.net.canConnect(pod(outsiders.postgresqlReplica), pod(postgresql), 5432)).toBe(true);
    expect(m.net.canConnect(pod(outsiders.prometheus), pod(postgresql), 9187)).toBe(true);
  });

  it('resolves DNS from every pod and reaches the internet only where needed', () => {
    for (const p of m.pods)
      expect(m.net.canConnect(pod(p), pod(outsiders.dns), 53), p.name).toBe(true);
    const https = (name: string) => m.net.canConnect(pod(m.byName(name)), internet, 443);
    expect(https('gateway'), 'MYID JWKS').toBe(true);
    expect(https('admin-web'), 'MYID').toBe(true);
    expect(https('user-worker'), 'notification providers').toBe(true);
    for (const name of ['badge-server', 'rule-worker', 'migrate', 'backup', 'expire-badges']) {
      expect(https(name), name).toBe(false);
    }
    expect(
      m.net.canConnect(pod(m.byName('gateway')), { ip: '10.1.2.3' }, 443),
      'not to private ranges',
    ).toBe(false);
    expect(m.net.canConnect(pod(m.byName('gateway')), internet, 80)).toBe(false);
  });
});

describe('with production values (managed data stores in the VPC)', () => {
  let m: ReturnType<typeof model>;
  let rendered: Rendered;
  beforeAll(async () => {
    rendered = await renderChart({ valuesFiles: [PRODUCTION_VALUES] });
    m = model(rendered);
  });

  it('reaches the managed services by address and port, from the right pods only', () => {
    const database: Endpoint = { ip: '10.40.16.20' };
    const brokers: Endpoint = { ip: '10.40.33.5' };
    const can = (from: string, to: Endpoint, port: number) =>
      m.net.canConnect(pod(m.byName(from)), to, port);
    expect(can('badge-worker', database, 5432)).toBe(true);
    expect(can('badge-worker', brokers, 9096)).toBe(true);
    expect(can('badge-worker', brokers, 9092)).toBe(false);
    expect(can('badge-server', brokers, 9096)).toBe(false);
    expect(can('gateway', database, 5432)).toBe(false);
    expect(can('gateway', database, 6379), 'Redis').toBe(true);
    expect(can('backup', database, 5432)).toBe(true);
    expect(can('backup', internet, 443), 'S3 upload').toBe(true);
    expect(can('badge-server', { ip: '10.99.0.1' }, 5432)).toBe(false);
  });

  it('sends traces to the collector and renders no data store policies', () => {
    const otel = pod(outsiders.otel);
    expect(m.net.canConnect(pod(m.byName('badge-server')), otel, 4318)).toBe(true);
    expect(m.net.canConnect(pod(m.byName('admin-web')), otel, 4318)).toBe(false);
    expect(
      rendered.all('NetworkPolicy').filter((p) => p.metadata.name.includes('datastore')),
    ).toEqual([]);
  });
});
