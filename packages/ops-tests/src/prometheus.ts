/** promtool (Debian's `prometheus` package) on the chart's alert rules. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { Rendered } from './helm.js';

const run = promisify(execFile);
export const PROMTOOL = '/usr/bin/promtool';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export function ruleGroups(rendered: Rendered): RuleGroup[] {
  const rules = rendered.all('PrometheusRule');
  if (rules.length === 0) throw new Error('no PrometheusRule rendered');
  return rules.flatMap((r) => (r.spec as { groups: RuleGroup[] }).groups);
}

export const alerts = (groups: RuleGroup[]): (Rule & { alert: string })[] =>
  groups.flatMap((g) => g.rules.filter((r): r is Rule & { alert: string } => !!r.alert));

export function requirePromtool(): void {
  if (!existsSync(PROMTOOL)) {
    throw new Error(
      'promtool is missing: apt-get install -y prometheus (scripts/bootstrap.sh installs it)',
    );
  }
}

/** Runs promtool with files written to a fresh directory; resolves to its output, rejects on failure. */
export async function promtool(
  args: (dir: string) => string[],
  files: Record<string, unknown>,
): Promise<string> {
  requirePromtool();
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  try {
    const { stdout, stderr } = await run(PROMTOOL, args(dir), { cwd: dir });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: err });
  }
}

export const checkRules = (groups: RuleGroup[]) =>
  promtool((dir) => ['check', 'rules', join(dir, 'rules.yaml')], { 'rules.yaml': { groups } });
