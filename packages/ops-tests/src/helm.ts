/**
 * Renders the Helm chart the way `helm template` does, with helm-render (helm-render/main.go):
 * Helm 3's template engine rebuilt from Go's text/template, sprig v3 and sigs.k8s.io/yaml from
 * Debian's Go packages (no Helm binary can be installed here). The binary is compiled on first
 * use into node_modules/.cache and reused while main.go is unchanged.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { K8sObject, Kind, Kinds } from './k8s-types.js';

export type { K8sObject } from './k8s-types.js';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHART_DIR = join(REPO_ROOT, 'helm/badge-platform');
export const PRODUCTION_VALUES = join(CHART_DIR, 'ci/production-values.yaml');
const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = join(PACKAGE_DIR, 'helm-render/main.go');
/** Where Debian installs Go library sources (golang-*-dev packages). */
const DEBIAN_GOPATH = '/usr/share/gocode';

export interface RenderedManifest {
  /** e.g. badge-platform/templates/deployments.yaml */
  template: string;
  index: number;
  object: K8sObject;
  /** the YAML document as rendered */
  source: string;
}

export interface Rendered {
  manifests: RenderedManifest[];
  notes: string;
  values: Record<string, unknown>;
  objects: K8sObject[];
  /** the one object of this kind whose name ends with `suffix` (throws otherwise) */
  get<K extends Kind>(kind: K, suffix: string): Kinds[K];
  all<K extends Kind>(kind: K): Kinds[K][];
}

export interface RenderOptions {
  /** values files, later ones win (like helm -f) */
  valuesFiles?: readonly string[];
  /** values given inline (written to a temporary file, applied last) */
  values?: Record<string, unknown>;
  releaseName?: string;
  namespace?: string;
  /** extra API versions the cluster serves (helm template --api-versions) */
  apiVersions?: readonly string[];
  isUpgrade?: boolean;
  chartDir?: string;
}

let binary: Promise<string> | undefined;

/** Compiles helm-render (GOPATH mode against Debian's Go packages), once per main.go version. */
export function helmRenderBinary(): Promise<string> {
  binary ??= (async () => {
    const go = '/usr/bin/go';
    if (!existsSync(go) || !existsSync(join(DEBIAN_GOPATH, 'src/github.com/Masterminds/sprig'))) {
      throw new Error(
        'helm-render needs Go and the sprig/yaml libraries from Debian: ' +
          'apt-get install -y golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev ' +
          '(scripts/bootstrap.sh installs them)',
      );
    }
    const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
    const dir = join(PACKAGE_DIR, 'node_modules/.cache/helm-render');
    const out = join(dir, `helm-render-${hash}`);
    if (existsSync(out)) return out;
    mkdirSync(dir, { recursive: true });
    const partial = `${out}.${process.pid}.partial`;
    await run(go, ['build', '-o', partial, SOURCE], {
      // a clean environment: Debian's toolchain, GOPATH mode against Debian's library sources
      env: {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        GO111MODULE: 'off',
        GOPATH: DEBIAN_GOPATH,
        GOCACHE: join(dir, 'go-build'),
        GOFLAGS: '',
        CGO_ENABLED: '0',
      },
    });
    renameSync(partial, out);
    return out;
  })();
  return binary;
}

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

export async function renderChart(options: RenderOptions = {}): Promise<Rendered> {
  const bin = await helmRenderBinary();
  const args = [
    '-chart',
    options.chartDir ?? CHART_DIR,
    '-name',
    options.releaseName ?? 'badge',
    '-namespace',
    options.namespace ?? 'badge',
  ];
  for (const file of options.valuesFiles ?? []) args.push('-f', file);
  if (options.values) {
    const file = join(mkdtempSync(join(tmpdir(), 'helm-values-')), 'values.json');
    writeFileSync(file, JSON.stringify(options.values));
    args.push('-f', file);
  }
  if (options.apiVersions?.length) args.push('-api-versions', options.apiVersions.join(','));
  if (options.isUpgrade) args.push('-upgrade');
  let stdout: string;
  try {
    ({ stdout } = await run(bin, args, { maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new RenderError((e.stderr ?? e.message).trim());
  }
  const parsed = JSON.parse(stdout) as {
    manifests: RenderedManifest[];
    notes: string;
    values: Record<string, unknown>;
  };
  const objects = parsed.manifests.map((m) => m.object);
  return {
    ...parsed,
    objects,
    all: <K extends Kind>(kind: K) =>
      objects.filter((o) => o.kind === kind) as unknown as Kinds[K][],
    get<K extends Kind>(kind: K, suffix: string) {
      const found = objects.filter((o) => o.kind === kind && o.metadata.name.endsWith(suffix));
      if (found.length !== 1) {
        throw new Error(`expected one ${kind} named *${suffix}, found ${found.length}`);
      }
      return found[0] as unknown as Kinds[K];
    },
  };
}

/** The monitoring CRDs exist in these renders (like a cluster running the Prometheus Operator). */
export const WITH_PROMETHEUS_OPERATOR = ['monitoring.coreos.com/v1'];
