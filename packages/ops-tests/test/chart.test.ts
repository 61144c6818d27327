/**
 * The Helm chart, rendered with Helm's template engine (helm-render) for default and
 * production-like values, validated against the Kubernetes API schemas and checked for what
 * running the platform on Kubernetes needs: probes, graceful shutdown, security context,
 * resources, scaling, disruption budgets, hooks, schedules and references between objects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_PARTITIONS } from '@badge/proto';
import {
  CHART_DIR,
  PRODUCTION_VALUES,
  renderChart,
  RenderError,
  WITH_PROMETHEUS_OPERATOR,
  type Rendered,
} from '../src/helm.js';
import { findUnknownFields, validateSchemas } from '../src/k8s-validate.js';
import {
  mainContainer as container,
  maxCronGapMinutes,
  podTemplate,
  workloads,
} from '../src/manifests.js';

const SERVERS = ['gateway', 'badge-server', 'rule-server', 'benefit-server', 'user-server'];
const WORKERS = ['badge-worker', 'rule-worker', 'benefit-worker', 'user-worker'];
const DEPLOYMENTS = [...SERVERS, 'admin-web', ...WORKERS];
/** service-kit's shutdown timeout (packages/service-kit/src/shutdown.ts) */
const APP_SHUTDOWN_SECONDS = 25;

const PROFILES = {
  default: {},
  'default + Prometheus Operator': { apiVersions: WITH_PROMETHEUS_OPERATOR },
  production: { valuesFiles: [PRODUCTION_VALUES], apiVersions: WITH_PROMETHEUS_OPERATOR },
  'upgrade of production rotating the PII key': {
    valuesFiles: [PRODUCTION_VALUES],
    apiVersions: WITH_PROMETHEUS_OPERATOR,
    isUpgrade: true,
    values: { jobs: { reencryptUsers: { enabled: true } } },
  },
} as const;

const renders = new Map<string, Rendered>();
beforeAll(async () => {
  for (const [name, options] of Object.entries(PROFILES))
    renders.set(name, await renderChart(options));
});

describe.each(Object.keys(PROFILES))('chart rendered with %s', (profile) => {
  const r = () => renders.get(profile)!;

  it('is valid against the Kubernetes API schemas (types, required fields, formats)', async () => {
    expect(await validateSchemas(r().objects)).toEqual([]);
  });

  it('uses no field the Kubernetes API does not know', () => {
    expect(findUnknownFields(r().objects)).toEqual([]);
  });

  it('has unique, valid names and labels', () => {
    const seen = new Set<string>();
    for (const o of r().objects) {
      const id = `${o.kind}/${o.metadata.name}`;
      expect(seen.has(id), `duplicate ${id}`).toBe(false);
      seen.add(id);
      expect(o.metadata.name, id).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(o.metadata.name.length, id).toBeLessThanOrEqual(o.kind === 'CronJob' ? 52 : 63);
      for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
        expect(v.length, `${id} label ${k}`).toBeLessThanOrEqual(63);
      }
    }
  });

  it('runs every server, worker, the gateway and the console as a Deployment', () => {
    const names = r()
      .all('Deployment')
      .map((d) => d.metadata.name.replace('badge-badge-platform-', ''));
    expect(names.sort()).toEqual([...DEPLOYMENTS].sort());
  });

  it('probes /health (liveness, startup) and /ready (readiness) on the right ports', () => {
    for (const d of r().all('Deployment')) {
      const c = container(d);
      const ports: Record<string, number> = {};
      for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
      const isConsole = d.metadata.name.endsWith('admin-web');
      const isWorker = WORKERS.some((w) => d.metadata.name.endsWith(w));
      const health = isConsole ? '/api/health' : '/health';
      const ready = isConsole ? '/api/health' : '/ready';
      const port = isWorker ? 'metrics' : 'http';
      expect(c.livenessProbe!.httpGet, d.metadata.name).toEqual({ path: health, port });
      expect(c.startupProbe!.httpGet, d.metadata.name).toEqual({ path: health, port });
      expect(c.readinessProbe!.httpGet, d.metadata.name).toEqual({ path: ready, port });
      expect(ports[port], d.metadata.name).toBeDefined();
      if (!isConsole) expect(ports.metrics, d.metadata.name).toBe(9464);
      // readiness reacts faster than liveness (seed 001 §3.1)
      expect(c.readinessProbe!.periodSeconds).toBeLessThan(c.livenessProbe!.periodSeconds!);
      // startup gets at least a minute before liveness can kill a slow start
      expect(
        c.startupProbe!.periodSeconds! * c.startupProbe!.failureThreshold!,
      ).toBeGreaterThanOrEqual(60);
      // the container's METRICS_PORT matches its declared metrics port
      if (!isConsole) {
        const cmName = c.envFrom![0]!.configMapRef!.name;
        const cm = r()
          .all('ConfigMap')
          .find((o) => o.metadata.name === cmName)!;
        expect(Number(cm.data!.METRICS_PORT)).toBe(ports.metrics);
        if (ports.http) expect(Number(cm.data!.PORT)).toBe(ports.http);
      }
    }
  });

  it('shuts down gracefully: preStop sleep before SIGTERM, grace period covers the drain', () => {
    for (const d of r().all('Deployment')) {
      const spec = podTemplate(d).spec;
      const c = container(d);
      const serves = (c.ports ?? []).some((p) => p.name === 'http');
      const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
      const sleep = serves ? Number(preStop[1]) : 0;
      if (serves) {
        expect(preStop[0], d.metadata.name).toBe('sleep');
        expect(sleep).toBeGreaterThanOrEqual(5);
      }
      expect(spec.terminationGracePeriodSeconds, d.metadata.name).toBeGreaterThanOrEqual(30);
      expect(spec.terminationGracePeriodSeconds, d.metadata.name).toBeGreaterThan(
        sleep + APP_SHUTDOWN_SECONDS,
      );
    }
  });

  it('runs every container as non-root on a read-only root filesystem without capabilities', () => {
    for (const w of workloads(r())) {
      const pod = podTemplate(w).spec;
      expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken, w.metadata.name).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext, `${w.metadata.name}/${c.name}`).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: ['ALL'] },
        });
        // something writable for Node (os.tmpdir())
        expect((c.volumeMounts ?? []).map((m) => m.mountPath)).toContain('/tmp');
        expect(c.resources?.requests?.cpu, w.metadata.name).toBeDefined();
        expect(c.resources?.requests?.memory, w.metadata.name).toBeDefined();
        expect(c.resources?.limits?.memory, w.metadata.name).toBeDefined();
        expect(c.image, w.metadata.name).toMatch(/^[^:@]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/);
      }
    }
  });

  it('starts the right program in each image', () => {
    const byName = Object.fromEntries(
      workloads(r()).map((w) => [
        w.metadata.name.replace('badge-badge-platform-', ''),
        container(w),
      ]),
    );
    const commands = (name: string) => byName[name]!;
    for (const s of SERVERS.filter((x) => x !== 'gateway')) {
      expect(commands(s).command).toEqual(['node', 'dist/server.js']);
      expect(commands(s).image).toContain(`/subgraph-${s.replace('-server', '')}:`);
    }
    for (const w of WORKERS) {
      expect(commands(w).command).toEqual(['node', 'dist/worker.js']);
      expect(commands(w).image).toContain(`/subgraph-${w.replace('-worker', '')}:`);
    }
    expect(commands('gateway').command).toEqual(['node', 'dist/server.js']);
    expect(commands('expire-badges').command).toEqual(['node', 'dist/jobs/expire-badges.js']);
    expect(commands('expire-badges').image).toContain('/subgraph-badge:');
    if (byName['reencrypt-users']) {
      expect(commands('reencrypt-users').command).toEqual(['node', 'dist/jobs/reencrypt.js']);
      expect(commands('reencrypt-users').image).toContain('/subgraph-user:');
    }
    expect(commands('admin-web').command!.slice(0, 3)).toEqual([
      'node',
      'node_modules/next/dist/bin/next',
      'start',
    ]);
  });

  it('scales every Deployment horizontally on CPU, workers no further than their partitions', () => {
    const hpas = r().all('HorizontalPodAutoscaler');
    const partitions = Math.min(
      ...Object.entries(TOPIC_PARTITIONS)
        .filter(([t]) => t !== 'badge.dlq')
        .map(([, n]) => n),
    );
    for (const d of r().all('Deployment')) {
      const hpa = hpas.find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
      expect(hpa, d.metadata.name).toBeDefined();
      const spec = hpa!.spec;
      expect(spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1' });
      expect(d.spec!.replicas, 'the HPA owns the replica count').toBeUndefined();
      expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect((spec.metrics ?? []).some((m) => m.resource?.name === 'cpu')).toBe(true);
      if (WORKERS.some((w) => d.metadata.name.endsWith(w))) {
        expect(spec.maxReplicas, d.metadata.name).toBeLessThanOrEqual(partitions);
      }
    }
  });

  it('protects every Deployment with a PodDisruptionBudget that selects its pods', () => {
    const pdbs = r().all('PodDisruptionBudget');
    for (const d of r().all('Deployment')) {
      const labels = podTemplate(d).metadata.labels;
      const matching = pdbs.filter((p) =>
        Object.entries(p.spec!.selector!.matchLabels!).every(([k, v]) => labels[k] === v),
      );
      expect(matching, d.metadata.name).toHaveLength(1);
      expect(matching[0]!.spec!.maxUnavailable).toBe(1);
      expect(d.spec!.strategy!.rollingUpdate!.maxUnavailable).toBe(0);
    }
  });

  it('routes Services to their pods and exposes only the gateway and the console through Ingress', () => {
    const deployments = r().all('Deployment');
    for (const s of r().all('Service')) {
      const selector = s.spec!.selector;
      if (!selector) continue; // the blocked-path backend
      const pods = deployments.filter((d) =>
        Object.entries(selector).every(([k, v]) => podTemplate(d).metadata.labels[k] === v),
      );
      expect(pods, s.metadata.name).toHaveLength(1);
      const ports = (container(pods[0]!).ports ?? []).map((p) => p.name);
      for (const p of s.spec!.ports!) expect(ports, s.metadata.name).toContain(p.targetPort);
      expect(s.spec!.ports!.map((p) => p.targetPort)).not.toContain('metrics');
    }
    const backends = r()
      .all('Ingress')
      .flatMap((i) => i.spec!.rules!.flatMap((rule) => rule.http!.paths))
      .map(
        (p) =>
          `${p.path} -> ${p.backend.service!.name.replace('badge-badge-platform-', '')}:${p.backend.service!.port!.name}`,
      );
    expect(backends.sort()).toEqual([
      '/ -> admin-web:http',
      '/api/metrics -> blocked:http',
      '/graphql -> gateway:http',
    ]);
    const blocked = r().get('Service', '-blocked');
    expect(blocked.spec!.selector, 'no endpoints: the path answers 503').toBeUndefined();
  });

  it('migrates the database in a pre-install/pre-upgrade hook, with its own credentials', () => {
    const job = r().get('Job', '-migrate');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(podTemplate(job).spec.restartPolicy).toBe('Never');
    expect(container(job).image).toMatch(/\/migrate[:@]/);
    const ref = container(job).env!.find((e) => e.name === 'DATABASE_URL')!.valueFrom!
      .secretKeyRef!;
    const secret = r()
      .all('Secret')
      .find((o) => o.metadata.name === ref.name);
    if (secret) {
      // a hook runs before the release's resources exist: its Secret must be a hook created first
      expect(secret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(Number(secret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
        Number(job.metadata.annotations?.['helm.sh/hook-weight'] ?? 0),
      );
    }
  });

  it('backs the database up at least every 30 minutes (RPO ≤ 30 min) and sweeps expired badges', () => {
    const backup = r().get('CronJob', '-backup').spec;
    expect(maxCronGapMinutes(backup.schedule)).toBeLessThanOrEqual(30);
    expect(backup.concurrencyPolicy).toBe('Forbid');
    // a run ends before the next one is due
    expect(backup.jobTemplate.spec!.activeDeadlineSeconds).toBeLessThan(
      maxCronGapMinutes(backup.schedule) * 60,
    );
    expect(container(r().get('CronJob', '-backup')).command).toEqual(['/opt/badge-ops/backup.sh']);
    const expiry = r().get('CronJob', '-expire-badges').spec;
    expect(expiry.concurrencyPolicy).toBe('Forbid');
    expect(maxCronGapMinutes(expiry.schedule)).toBeLessThanOrEqual(15);
  });

  it('references only objects that exist (ConfigMaps, Secrets, claims, accounts)', () => {
    const rendered = new Set(r().objects.map((o) => `${o.kind}/${o.metadata.name}`));
    const values = r().values as {
      secrets: { existingSecret: string; refs: Record<string, { name: string }> };
      tls: { extraCaSecret: string };
    };
    const external = new Set<string>([
      ...(values.secrets.existingSecret ? [`Secret/${values.secrets.existingSecret}`] : []),
      ...Object.values(values.secrets.refs).map((ref) => `Secret/${ref.name}`),
      ...(values.tls.extraCaSecret ? [`Secret/${values.tls.extraCaSecret}`] : []),
      'ServiceAccount/default',
    ]);
    const missing: string[] = [];
    const need = (id: string, from: string) => {
      if (!rendered.has(id) && !external.has(id)) missing.push(`${from} → ${id}`);
    };
    for (const w of workloads(r())) {
      const spec = podTemplate(w).spec;
      need(`ServiceAccount/${spec.serviceAccountName ?? 'default'}`, w.metadata.name);
      for (const v of spec.volumes ?? []) {
        if (v.secret) need(`Secret/${v.secret.secretName}`, w.metadata.name);
        if (v.persistentVolumeClaim)
          need(`PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}`, w.metadata.name);
      }
      for (const c of spec.containers) {
        for (const f of c.envFrom ?? []) {
          if (f.configMapRef) need(`ConfigMap/${f.configMapRef.name}`, w.metadata.name);
        }
        for (const e of c.env ?? []) {
          if (e.valueFrom?.secretKeyRef)
            need(`Secret/${e.valueFrom.secretKeyRef.name}`, w.metadata.name);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('rolls pods when their configuration changes (checksum annotations)', () => {
    for (const d of r().all('Deployment')) {
      expect(podTemplate(d).metadata.annotations?.['checksum/config'], d.metadata.name).toMatch(
        /^[a-f0-9]{64}$/,
      );
      expect(podTemplate(d).metadata.annotations?.['checksum/secret'], d.metadata.name).toMatch(
        /^[a-f0-9]{64}$/,
      );
    }
  });
});

describe('chart options', () => {
  it('renders monitoring resources only when the Prometheus Operator API exists (auto)', () => {
    const kinds = (name: string) => new Set(renders.get(name)!.objects.map((o) => o.kind));
    expect(kinds('default').has('PrometheusRule')).toBe(false);
    expect(kinds('default').has('PodMonitor')).toBe(false);
    expect(kinds('default + Prometheus Operator').has('PrometheusRule')).toBe(true);
    expect(renders.get('default + Prometheus Operator')!.all('PodMonitor')).toHaveLength(2);
    // dashboards are plain ConfigMaps for the Grafana sidecar
    const dashboards = renders
      .get('default')!
      .all('ConfigMap')
      .filter((c) => c.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((d) => Object.keys(d.data!)[0]).sort()).toEqual([
      'business-kpis.json',
      'event-pipeline.json',
      'gateway.json',
      'platform-overview.json',
    ]);
  });

  it('scales workers on consumer lag when a metrics adapter is declared', () => {
    const hpa = renders.get('production')!.get('HorizontalPodAutoscaler', '-badge-worker');
    expect(hpa.spec.metrics).toContainEqual({
      type: 'External',
      external: {
        metric: {
          name: 'kafka_consumer_lag',
          selector: { matchLabels: { service: 'badge-worker' } },
        },
        target: { type: 'AverageValue', averageValue: '2000' },
      },
    });
    const server = renders.get('production')!.get('HorizontalPodAutoscaler', '-badge-server');
    expect(server.spec.metrics).toHaveLength(1);
  });

  it('connects to external PostgreSQL, Redis and Kafka with TLS and SASL', async () => {
    const r = renders.get('production')!;
    const cm = r.get('ConfigMap', '-benefit-worker').data;
    expect(cm).toMatchObject({
      DATABASE_SSL: 'true',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'badge-platform',
      KAFKA_BROKERS: expect.stringContaining(':9096,') as string,
      NODE_EXTRA_CA_CERTS: '/etc/badge/extra-ca/ca.crt',
    });
    const chartManaged = await renderChart({
      valuesFiles: [PRODUCTION_VALUES],
      values: {
        secrets: {
          existingSecret: '',
          refs: { DATABASE_URL: null },
          generate: true,
          values: { NOTIFICATION_WEBHOOK_SECRET: 'w'.repeat(40) },
        },
        postgresql: { password: 'p@ss word/1' },
        redis: { password: 'r:pw' },
        kafka: { sasl: { password: 'kafka-pw' } },
      },
    });
    const data = Object.fromEntries(
      Object.entries(chartManaged.get('Secret', 'badge-badge-platform').data!).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    expect(data.DATABASE_URL).toBe(
      'postgresql://badge_app:p%40ss+word%2F1@badge-prod.cluster-c1a2b3.eu-west-1.rds.amazonaws.com:5432/badge?sslmode=verify-full',
    );
    expect(new URL(data.DATABASE_URL!).password).toBe('p%40ss+word%2F1');
    expect(data.REDIS_URL).toBe(
      'rediss://:r%3Apw@master.badge-prod.c1a2b3.euw1.cache.amazonaws.com:6379/0',
    );
    expect(data.KAFKA_SASL_PASSWORD).toBe('kafka-pw');
  });

  it('refuses inconsistent values with a clear message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { backup: { persistence: { enabled: false }, s3: { uri: '' } } },
        /backup needs somewhere to go/,
      ],
      [
        { kafka: { sasl: { mechanism: 'scram-sha-512', username: 'u', password: '' } } },
        /kafka\.sasl\.password/,
      ],
      [
        { subgraphs: { user: { extraSecretEnv: ['NOTIFICATION_WEBHOOK_SECRET'] } } },
        /NOTIFICATION_WEBHOOK_SECRET is listed in extraSecretEnv/,
      ],
      [{ secrets: { generate: false } }, /secrets\.values\.\w+ is required/],
      [
        { userJwt: { issuer: 'https://auth.example.com', audience: '' } },
        /userJwt\.audience is required/,
      ],
    ];
    for (const [values, message] of cases) {
      const attempt = renderChart({ values });
      await expect(attempt, JSON.stringify(values)).rejects.toThrow(RenderError);
      await expect(attempt, JSON.stringify(values)).rejects.toThrow(message);
    }
  });

  it('keeps the chart a standard Helm 3 chart', () => {
    const chartYaml = readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8');
    expect(chartYaml).toMatch(/^apiVersion: v2$/m);
    expect(chartYaml).toMatch(/^type: application$/m);
    for (const f of [
      'values.yaml',
      'templates/_helpers.tpl',
      'templates/NOTES.txt',
      '.helmignore',
    ]) {
      expect(() => readFileSync(join(CHART_DIR, f))).not.toThrow();
    }
    expect(renders.get('production')!.notes).toContain('https://api.badge.example.com/graphql');
  });
});
