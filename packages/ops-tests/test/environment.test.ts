/**
 * The chart gives every process the configuration its code needs. What a process reads is derived
 * from the code at test time (the loaders its entry point calls, run on a recording environment),
 * so a variable another engineer adds later fails here until the chart provides it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_WEB,
  DEPLOYABLES,
  loadersUsedBy,
  loadWith,
  variablesRead,
  type Deployable,
} from '../src/environment-contract.js';
import {
  CHART_DIR,
  PRODUCTION_VALUES,
  REPO_ROOT,
  renderChart,
  WITH_PROMETHEUS_OPERATOR,
  type K8sObject,
  type Rendered,
} from '../src/helm.js';
import { containerEnvironment, podTemplate } from '../src/manifests.js';

const KEY32 = Buffer.alloc(32, 7).toString('base64');
/** Values for variables held in Secrets the chart does not render (existingSecret, refs). */
const SECRET_SAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgresql://badge_app:pw@db.internal:5432/badge?sslmode=verify-full',
  REDIS_URL: 'rediss://:pw@redis.internal:6379/0',
  KAFKA_SASL_PASSWORD: 'kafka-password',
  INTERNAL_IDENTITY_SECRETS: 'i'.repeat(48),
  OIDC_CLIENT_SECRET: 'oidc-client-secret',
  NEXTAUTH_SECRET: 'n'.repeat(48),
  FIELD_ENCRYPTION_KEYS: `k2:${KEY32},k1:${KEY32}`,
  BLIND_INDEX_KEY: KEY32,
  NOTIFICATION_WEBHOOK_SECRET: 'w'.repeat(40),
};

/** Variables read by Node.js or Next.js themselves, not by the services' environment modules. */
const RUNTIME_VARIABLES = new Set(['NODE_EXTRA_CA_CERTS', 'NEXT_TELEMETRY_DISABLED']);

/** Names that must never sit in a ConfigMap or a literal. */
const SECRET_NAME = /(SECRETS?|PASSWORD|_TOKEN|_KEYS?)$|^DATABASE_URL$|^REDIS_URL$/;

const ALL: Deployable[] = [...DEPLOYABLES, ADMIN_WEB];

function workloadObject(rendered: Rendered, workload: string): K8sObject {
  if (workload === 'expire-badges') return rendered.get('CronJob', '-expire-badges');
  if (workload === 'reencrypt-users') return rendered.get('Job', '-reencrypt-users');
  return rendered.get('Deployment', `-${workload}`);
}

/** The one-off jobs are rendered too. */
const WITH_JOBS = { jobs: { reencryptUsers: { enabled: true } } };

function mainContainer(object: K8sObject) {
  const containers = podTemplate(object).spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

const read = new Map<string, Set<string>>();
beforeAll(async () => {
  for (const d of ALL) read.set(d.workload, await variablesRead(d));
});

describe('what the code reads', () => {
  it('finds the environment loader of every entry point', () => {
    const found = Object.fromEntries(ALL.map((d) => [d.workload, loadersUsedBy(d)]));
    for (const [workload, loaders] of Object.entries(found)) {
      expect(loaders.length, `${workload}: ${JSON.stringify(loaders)}`).toBeGreaterThan(0);
    }
  });

  it('reads the variables every process has, and the required secrets', () => {
    for (const d of DEPLOYABLES) {
      const vars = read.get(d.workload)!;
      for (const v of ['NODE_ENV', 'LOG_LEVEL', 'METRICS_PORT'])
        expect(vars, d.workload).toContain(v);
    }
    expect(read.get('badge-server')).toContain('DATABASE_URL');
    expect(read.get('gateway')).toContain('INTERNAL_IDENTITY_SECRETS');
    expect(read.get('admin-web')).toContain('NEXTAUTH_SECRET');
  });

  it('documents every variable in the chart values (values.yaml)', () => {
    const values = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    const undocumented = ALL.flatMap((d) =>
      [...read.get(d.workload)!]
        .filter((v) => !new RegExp(`\\b${v}\\b`).test(values))
        .map((v) => `${d.workload}: ${v}`),
    );
    expect(undocumented).toEqual([]);
  });
});

describe.each([
  { profile: 'default values', options: { values: WITH_JOBS } },
  {
    profile: 'production values',
    options: {
      valuesFiles: [PRODUCTION_VALUES],
      apiVersions: WITH_PROMETHEUS_OPERATOR,
      values: WITH_JOBS,
    },
  },
])('chart environment with $profile', ({ options }) => {
  let rendered: Rendered;
  beforeAll(async () => {
    rendered = await renderChart(options);
  });

  it.each(ALL.map((d) => [d.workload, d] as const))(
    '%s starts with the environment the chart gives it',
    async (_, deployable) => {
      const { env } = containerEnvironment(
        rendered,
        mainContainer(workloadObject(rendered, deployable.workload)),
        SECRET_SAMPLES,
      );
      await expect(loadWith(deployable, env)).resolves.toBeUndefined();
    },
  );

  it('sets only variables the processes read (no dead or misspelt configuration)', () => {
    const unknown = ALL.flatMap((d) => {
      const { env } = containerEnvironment(
        rendered,
        mainContainer(workloadObject(rendered, d.workload)),
        SECRET_SAMPLES,
      );
      const vars = read.get(d.workload)!;
      return Object.keys(env)
        .filter((k) => !vars.has(k) && !RUNTIME_VARIABLES.has(k))
        .map((k) => `${d.workload}: ${k}`);
    });
    expect(unknown).toEqual([]);
  });

  it('takes secrets only from Secrets', () => {
    for (const object of rendered.objects.filter((o) =>
      ['Deployment', 'CronJob', 'Job'].includes(o.kind),
    )) {
      for (const container of podTemplate(object).spec.containers) {
        const { sources } = containerEnvironment(rendered, container, SECRET_SAMPLES);
        for (const [name, source] of Object.entries(sources)) {
          if (SECRET_NAME.test(name)) {
            expect(['secret', 'external-secret'], `${object.metadata.name}: ${name}`).toContain(
              source,
            );
          }
        }
      }
    }
    for (const cm of rendered.all('ConfigMap')) {
      for (const key of Object.keys(cm.data ?? {})) {
        if (!key.endsWith('.json'))
          expect(SECRET_NAME.test(key), `${cm.metadata.name}: ${key}`).toBe(false);
      }
    }
  });

  it('runs the migrations with DATABASE_URL from a Secret and no native Prisma engines', () => {
    const job = rendered.get('Job', '-migrate');
    const container = mainContainer(job);
    expect(container.command).toEqual(['bash', 'prisma/scripts/prisma.sh', 'migrate', 'deploy']);
    const { env, sources } = containerEnvironment(rendered, container, SECRET_SAMPLES);
    expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(['secret', 'external-secret']).toContain(sources.DATABASE_URL);
    expect(env).toMatchObject({
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
      PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
    });
    // the wrapper the Job runs exists and hands its arguments to the Prisma CLI
    const wrapper = readFileSync(join(REPO_ROOT, 'prisma/scripts/prisma.sh'), 'utf8');
    expect(wrapper).toContain('prisma "$@"');
  });

  it('gives the backup job every variable ops/backup.sh requires, and only ones it knows', () => {
    const script = ['ops/backup.sh', 'ops/lib.sh']
      .map((f) => readFileSync(join(REPO_ROOT, f), 'utf8'))
      .join('\n');
    const required = [...script.matchAll(/: "\$\{(\w+):\?/g)].map((m) => m[1]!);
    const known = new Set(
      [...script.matchAll(/\$\{?(BACKUP_\w+|PG\w+|DATABASE_URL)/g)].map((m) => m[1]!),
    );
    expect(required).toContain('DATABASE_URL');
    const cron = rendered.get('CronJob', '-backup');
    const { env, sources } = containerEnvironment(rendered, mainContainer(cron), SECRET_SAMPLES);
    for (const v of required) expect(env, v).toHaveProperty(v);
    expect(['secret', 'external-secret']).toContain(sources.DATABASE_URL);
    const extra = Object.keys(env).filter(
      (k) => !known.has(k) && !['HOME', 'AWS_DEFAULT_REGION', 'PGSSLROOTCERT'].includes(k),
    );
    expect(extra).toEqual([]);
  });
});

describe('secrets managed outside the chart (production values)', () => {
  it('references the existing Secret and the per-variable refs, and renders no Secret', async () => {
    const rendered = await renderChart({ valuesFiles: [PRODUCTION_VALUES] });
    expect(rendered.all('Secret')).toEqual([]);
    const gateway = containerEnvironment(
      rendered,
      mainContainer(rendered.get('Deployment', '-user-worker')),
      SECRET_SAMPLES,
    );
    expect(gateway.externalSecretRefs).toEqual({
      DATABASE_URL: { name: 'badge-db-app', key: 'url' },
      REDIS_URL: { name: 'badge-platform-secrets', key: 'REDIS_URL' },
      INTERNAL_IDENTITY_SECRETS: {
        name: 'badge-platform-secrets',
        key: 'INTERNAL_IDENTITY_SECRETS',
      },
      KAFKA_SASL_PASSWORD: { name: 'badge-platform-secrets', key: 'KAFKA_SASL_PASSWORD' },
      FIELD_ENCRYPTION_KEYS: { name: 'badge-platform-secrets', key: 'FIELD_ENCRYPTION_KEYS' },
      BLIND_INDEX_KEY: { name: 'badge-platform-secrets', key: 'BLIND_INDEX_KEY' },
      NOTIFICATION_WEBHOOK_SECRET: {
        name: 'badge-platform-secrets',
        key: 'NOTIFICATION_WEBHOOK_SECRET',
      },
    });
  });

  it('generates the chart Secret with usable keys when none is given', async () => {
    const rendered = await renderChart();
    const secret = rendered.get('Secret', 'badge-badge-platform');
    const keys = Object.keys(secret.data as object).sort();
    expect(keys).toEqual([
      'BLIND_INDEX_KEY',
      'DATABASE_URL',
      'FIELD_ENCRYPTION_KEYS',
      'INTERNAL_IDENTITY_SECRETS',
      'NEXTAUTH_SECRET',
      'OIDC_CLIENT_SECRET',
      'REDIS_URL',
    ]);
    expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
  });
});
