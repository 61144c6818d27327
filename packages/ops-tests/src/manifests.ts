/** Reading rendered manifests: pod templates, container environments, cron schedules. */
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { Rendered } from './helm.js';
import type { IContainer, IPodSpec, K8sObject, Kinds } from './k8s-types.js';

export interface PodTemplate {
  owner: K8sObject;
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: IPodSpec;
}

type Workload = Kinds['Deployment'] | Kinds['Job'] | Kinds['CronJob'] | K8sObject;

/** The pod template of a Deployment, Job or CronJob. */
export function podTemplate(object: Workload): PodTemplate {
  const o = object as {
    kind: string;
    spec?: {
      template?: IPodTemplateSpec;
      jobTemplate?: { spec?: { template?: IPodTemplateSpec } };
    };
  };
  const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
  if (!template?.spec) throw new Error(`${o.kind} has no pod template`);
  return {
    owner: object,
    metadata: {
      labels: template.metadata?.labels ?? {},
      annotations: template.metadata?.annotations ?? {},
    },
    spec: template.spec,
  };
}

/** The first (only) container of a workload. */
export const mainContainer = (object: Workload): IContainer =>
  podTemplate(object).spec.containers[0]!;

/** Deployments, Jobs and CronJobs of a render. */
export function workloads(rendered: Rendered): K8sObject[] {
  return rendered.objects.filter((o) => ['Deployment', 'Job', 'CronJob'].includes(o.kind));
}

export type EnvSource = 'configmap' | 'secret' | 'literal' | 'external-secret';

export interface ResolvedEnvironment {
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  /** Secret references to Secrets the chart does not render: name/key by variable */
  externalSecretRefs: Record<string, { name: string; key: string }>;
  /** envFrom secretRefs the chart does not render (keys unknown) */
  externalEnvFrom: string[];
}

/**
 * The environment a container gets, resolved from the rendered ConfigMaps and Secrets. Values of
 * Secrets the chart does not render (existingSecret, refs) come from `samples` (by variable).
 */
export function containerEnvironment(
  rendered: Rendered,
  container: IContainer,
  samples: Record<string, string>,
): ResolvedEnvironment {
  const out: ResolvedEnvironment = {
    env: {},
    sources: {},
    externalSecretRefs: {},
    externalEnvFrom: [],
  };
  const configMap = (name: string) =>
    rendered.all('ConfigMap').find((o) => o.metadata.name === name);
  const secret = (name: string) => rendered.all('Secret').find((o) => o.metadata.name === name);
  const decode = (s: Kinds['Secret'], key: string): string | undefined => {
    if (s.stringData?.[key] !== undefined) return s.stringData[key];
    const data = s.data?.[key];
    return data !== undefined ? Buffer.from(data, 'base64').toString('utf8') : undefined;
  };
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = configMap(from.configMapRef.name!);
      if (!cm) throw new Error(`envFrom ConfigMap ${from.configMapRef.name} is not rendered`);
      for (const [k, v] of Object.entries(cm.data ?? {})) {
        out.env[k] = v;
        out.sources[k] = 'configmap';
      }
    } else if (from.secretRef) {
      const s = secret(from.secretRef.name!);
      if (!s) {
        out.externalEnvFrom.push(from.secretRef.name!);
        continue;
      }
      for (const k of Object.keys(s.data ?? {})) {
        out.env[k] = decode(s, k)!;
        out.sources[k] = 'secret';
      }
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      out.env[e.name] = e.value;
      out.sources[e.name] = 'literal';
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const s = secret(ref.name!);
      if (s) {
        const value = decode(s, ref.key);
        if (value === undefined) {
          if (ref.optional) continue;
          throw new Error(`${e.name}: Secret ${ref.name} has no key ${ref.key}`);
        }
        out.env[e.name] = value;
        out.sources[e.name] = 'secret';
      } else {
        const sample = samples[e.name];
        if (sample === undefined) {
          throw new Error(`no sample value for the external secret variable ${e.name}`);
        }
        out.env[e.name] = sample;
        out.sources[e.name] = 'external-secret';
        out.externalSecretRefs[e.name] = { name: ref.name!, key: ref.key };
      }
    } else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const value = configMap(ref.name!)?.data?.[ref.key];
      if (value === undefined) {
        throw new Error(`${e.name}: ConfigMap ${ref.name} key ${ref.key} missing`);
      }
      out.env[e.name] = value;
      out.sources[e.name] = 'configmap';
    } else {
      throw new Error(`${e.name}: unsupported env source ${JSON.stringify(e.valueFrom)}`);
    }
  }
  return out;
}

function cronField(field: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range!.split('-').map(Number);
      from = a!;
      to = b ?? (stepText ? max : a!);
    }
    if (![from, to, step].every(Number.isInteger) || step < 1)
      throw new Error(`bad cron field ${field}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((x, y) => x - y);
}

/**
 * The longest gap, in minutes, between two runs of a 5-field cron schedule over one week (numeric
 * fields, `*`, lists, ranges and steps). Used to prove the backup's RPO bound.
 */
export function maxCronGapMinutes(schedule: string): number {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`not a 5-field cron schedule: ${schedule}`);
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  if (dom !== '*' || mon !== '*')
    throw new Error(`day-of-month/month restrictions not supported: ${schedule}`);
  const minutes = cronField(m, 0, 59);
  const hours = cronField(h, 0, 23);
  const days = dow === '*' ? [0, 1, 2, 3, 4, 5, 6] : cronField(dow, 0, 6);
  const runs: number[] = [];
  for (const d of days)
    for (const hh of hours) for (const mm of minutes) runs.push(d * 1440 + hh * 60 + mm);
  runs.sort((a, b) => a - b);
  let gap = runs[0]! + 7 * 1440 - runs[runs.length - 1]!;
  for (let i = 1; i < runs.length; i++) gap = Math.max(gap, runs[i]! - runs[i - 1]!);
  return gap;
}
