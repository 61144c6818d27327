/**
 * What each deployable reads from its environment, derived from the real code at test time:
 * each entry point (server.ts, worker.ts, jobs/*.ts) names the loader it imports from its
 * `environment.ts`; calling that loader on a recording environment yields every variable its zod
 * schema reads, and calling it on the environment the chart gives the container tells whether the
 * process would start (every required variable present and valid).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './helm.js';

export interface Deployable {
  /** chart workload (Deployment component or CronJob suffix) */
  workload: string;
  /** entry point, relative to the repository root */
  entry: string;
  /** the environment module the entry point imports */
  environmentModule: string;
}

export const SUBGRAPHS = ['badge', 'rule', 'benefit', 'user'] as const;

/** Every process the chart runs from the services' code, and the file it starts from. */
export const DEPLOYABLES: readonly Deployable[] = [
  {
    workload: 'gateway',
    entry: 'gateway/src/server.ts',
    environmentModule: 'gateway/src/environment.ts',
  },
  ...SUBGRAPHS.flatMap((name) =>
    (['server', 'worker'] as const).map((kind) => ({
      workload: `${name}-${kind}`,
      entry: `subgraphs/${name}/src/${kind}.ts`,
      environmentModule: `subgraphs/${name}/src/environment.ts`,
    })),
  ),
  {
    workload: 'expire-badges',
    entry: 'subgraphs/badge/src/jobs/expire-badges.ts',
    environmentModule: 'subgraphs/badge/src/environment.ts',
  },
  {
    workload: 'reencrypt-users',
    entry: 'subgraphs/user/src/jobs/reencrypt.ts',
    environmentModule: 'subgraphs/user/src/environment.ts',
  },
];

/** The console: one environment module, read on the first request (admin-web/src/environment.ts). */
export const ADMIN_WEB: Deployable = {
  workload: 'admin-web',
  entry: 'admin-web/src/environment.ts',
  environmentModule: 'admin-web/src/environment.ts',
};

/**
 * Names of the functions an entry point imports from its environment module and calls. Follows
 * one level of local modules (an entry point may delegate its wiring to e.g. `./badge-worker.js`).
 */
export function loadersUsedBy(deployable: Deployable): string[] {
  if (deployable === ADMIN_WEB) return ['parseEnvironment'];
  const seen = new Set<string>();
  const names = new Set<string>();
  const visit = (file: string, depth: number) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/'));
    const importRe = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(\.{1,2}\/[^']+)\.js'/g;
    for (const m of text.matchAll(importRe)) {
      const target = normalize(`${dir}/${m[2]}.ts`);
      if (target === deployable.environmentModule) {
        for (const spec of m[1]!.split(',')) {
          const name = spec
            .trim()
            .split(/\s+as\s+/)[0]!
            .replace(/^type\s+/, '');
          if (name && new RegExp(`\\b${name}\\s*\\(`).test(text)) names.add(name);
        }
      } else if (depth < 1) {
        visit(target, depth + 1);
      }
    }
  };
  visit(deployable.entry, 0);
  return [...names];
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

type Loader = (source?: Record<string, string | undefined>) => unknown;

async function loaders(deployable: Deployable): Promise<Loader[]> {
  const mod = (await import(
    pathToFileURL(join(REPO_ROOT, deployable.environmentModule)).href
  )) as Record<string, unknown>;
  const names = loadersUsedBy(deployable);
  if (names.length === 0) {
    throw new Error(`${deployable.entry} calls no loader from ${deployable.environmentModule}`);
  }
  return names.map((name) => {
    const fn = mod[name];
    if (typeof fn !== 'function') {
      throw new Error(`${deployable.environmentModule} does not export a function ${name}`);
    }
    return fn as Loader;
  });
}

/**
 * Runs `fn` with `env` as process.env (the loaders of the subgraphs read process.env directly) and
 * passes it as the source argument too (the gateway's and admin-web's take one).
 */
function withEnvironment<T>(env: Record<string, string | undefined>, fn: () => T): T {
  // The one place a test swaps the process environment: the code under test reads it.
  // eslint-disable-next-line no-restricted-properties
  const original = process.env;
  // eslint-disable-next-line no-restricted-properties
  process.env = env;
  try {
    return fn();
  } finally {
    // eslint-disable-next-line no-restricted-properties
    process.env = original;
  }
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Every variable the deployable's loaders look at (their zod schemas' keys). */
export async function variablesRead(deployable: Deployable): Promise<Set<string>> {
  const read = new Set<string>();
  const record = (key: string | symbol) => {
    if (typeof key === 'string' && ENV_NAME.test(key)) read.add(key);
  };
  const recorder = new Proxy(
    {},
    {
      get(target, key) {
        record(key);
        return Reflect.get(target, key) as unknown;
      },
      has(target, key) {
        record(key);
        return Reflect.has(target, key);
      },
    },
  );
  for (const load of await loaders(deployable)) {
    withEnvironment(recorder, () => {
      try {
        load(recorder);
      } catch {
        // required variables are missing in an empty environment: expected
      }
    });
  }
  return read;
}

/** Loads the deployable's configuration from `env`; throws the loader's error when invalid. */
export async function loadWith(deployable: Deployable, env: Record<string, string>): Promise<void> {
  for (const load of await loaders(deployable)) {
    withEnvironment({ ...env }, () => load({ ...env }));
  }
}
