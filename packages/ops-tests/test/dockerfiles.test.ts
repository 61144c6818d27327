/**
 * The Dockerfiles (no Docker engine runs here, so they are checked statically): one per
 * deployable, multi-stage, non-root in the final stage, the same program and ports as the chart
 * runs, the workspace's Node and pnpm versions, and a build that installs from the lockfile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart, REPO_ROOT, type Rendered } from '../src/helm.js';
import { mainContainer } from '../src/manifests.js';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions per stage (continuations joined, comments dropped). */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines.filter(Boolean)) {
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { op: op!.toUpperCase(), args: rest! };
    if (instruction.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args)!;
      stages.push({ from: m[1]!, name: m[2], instructions: [] });
    } else if (stages.length === 0 && instruction.op === 'ARG') {
      const [k, v] = instruction.args.split('=');
      args[k!] = v ?? '';
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const last = (stage: Stage, op: string) =>
  stage.instructions.filter((i) => i.op === op).at(-1)?.args;
const json = (args: string | undefined) => JSON.parse(args ?? 'null') as string[];

const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  packageManager: string;
};
const PNPM = rootPackage.packageManager.split('@')[1]!;

const DEPLOYABLES = [
  { dir: 'gateway', workload: 'gateway' },
  { dir: 'admin-web', workload: 'admin-web' },
  ...['badge', 'rule', 'benefit', 'user'].map((s) => ({
    dir: `subgraphs/${s}`,
    workload: `${s}-server`,
  })),
];

let chart: Rendered;
beforeAll(async () => {
  chart = await renderChart();
});

const containerOf = (suffix: string, kind: 'Deployment' | 'Job' | 'CronJob' = 'Deployment') =>
  mainContainer(chart.get(kind, suffix));

describe.each(DEPLOYABLES)('$dir/Dockerfile', ({ dir, workload }) => {
  const file = join(REPO_ROOT, dir, 'Dockerfile');
  const parsed = () => parseDockerfile(readFileSync(file, 'utf8'));

  it('is multi-stage: a build stage, then a runtime stage that copies only the result', () => {
    const { stages } = parsed();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime.name).toBe('runtime');
    const copies = runtime.instructions.filter((i) => i.op === 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect(c.args).toMatch(/^--from=build /);
    expect(
      runtime.instructions.some((i) => i.op === 'RUN' && /pnpm|npm install/.test(i.args)),
    ).toBe(false);
  });

  it('runs as the non-root UID the chart expects', () => {
    const user = last(parsed().stages.at(-1)!, 'USER');
    expect(user).toMatch(/^\d+:\d+$/);
    const [uid] = user!.split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(uid).toBe(
      (chart.values as { podSecurityContext: { runAsUser: number } }).podSecurityContext.runAsUser,
    );
  });

  it('starts the program the chart starts, on the ports the chart declares', () => {
    const runtime = parsed().stages.at(-1)!;
    const container = containerOf(`-${workload}`);
    expect(json(last(runtime, 'CMD'))).toEqual(container.command);
    const exposed = last(runtime, 'EXPOSE')!.split(/\s+/).map(Number);
    for (const p of container.ports as { containerPort: number }[])
      expect(exposed).toContain(p.containerPort);
    expect(last(runtime, 'WORKDIR')).toBe('/app');
  });

  it('builds with the workspace’s Node and pnpm from the lockfile, for its own package', () => {
    const { args, stages } = parsed();
    expect(args.NODE_IMAGE).toMatch(/^node:20\.\d+-bookworm-slim$/);
    const build = stages[0]!;
    expect(
      build.instructions.find((i) => i.op === 'ARG' && i.args.startsWith('PNPM_VERSION'))?.args,
    ).toBe(`PNPM_VERSION=${PNPM}`);
    const runs = build.instructions
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join('\n');
    const pkg = (
      JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { name: string }
    ).name;
    expect(runs).toContain('pnpm fetch');
    expect(runs).toContain(`pnpm install --offline --frozen-lockfile --filter "${pkg}..."`);
    expect(runs).toContain(`pnpm --filter ${pkg} deploy --prod`);
    // the lockfile's patched dependencies must be in the build context before `pnpm fetch`
    expect(
      build.instructions.some((i) => i.op === 'COPY' && i.args.includes('prisma/patches/')),
    ).toBe(true);
  });

  it('keeps local build output out of the build context (Dockerfile.dockerignore)', () => {
    const ignore = readFileSync(join(REPO_ROOT, dir, 'Dockerfile.dockerignore'), 'utf8');
    for (const pattern of ['**/node_modules', '**/dist', '**/.next', '.git'])
      expect(ignore).toContain(pattern);
  });
});

describe('ops images', () => {
  it('migrate: runs the chart’s migration command as non-root, with the prisma package', () => {
    const { stages } = parseDockerfile(
      readFileSync(join(REPO_ROOT, 'ops/migrate.Dockerfile'), 'utf8'),
    );
    const runtime = stages.at(-1)!;
    expect(last(runtime, 'USER')).toBe('1000:1000');
    expect(json(last(runtime, 'CMD'))).toEqual(containerOf('-migrate', 'Job').command);
    expect(stages[0]!.instructions.map((i) => i.args).join('\n')).toContain(
      'pnpm --filter @badge/db deploy',
    );
    expect(existsSync(join(REPO_ROOT, 'prisma/scripts/prisma.sh'))).toBe(true);
  });

  it('backup: ships the ops scripts and runs the chart’s backup command as non-root', () => {
    const { stages } = parseDockerfile(
      readFileSync(join(REPO_ROOT, 'ops/backup.Dockerfile'), 'utf8'),
    );
    const runtime = stages.at(-1)!;
    expect(runtime.from).toMatch(/^postgres:\$\{PG_MAJOR\}-bookworm$/);
    expect(last(runtime, 'USER')).toBe('1000:1000');
    expect(json(last(runtime, 'CMD'))).toEqual(containerOf('-backup', 'CronJob').command);
    const copied = stages[0]!.instructions.find((i) => i.op === 'COPY')!.args;
    for (const f of ['ops/lib.sh', 'ops/backup.sh', 'ops/restore.sh']) {
      expect(copied).toContain(f);
      expect(existsSync(join(REPO_ROOT, f))).toBe(true);
    }
  });
});
