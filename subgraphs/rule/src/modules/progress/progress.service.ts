import { z } from 'zod';
import { AppError } from '@badge/service-kit';
import {
  compileRule,
  DEFAULT_ENGINE_OPTIONS,
  type CompiledRule,
  type EngineOptions,
} from '../../engine/compile.js';
import { rowToState } from '../../engine/serialize.js';
import type { ProgressRepository } from './progress.repository.js';

export interface BadgeProgressDto {
  badgeId: string;
  ruleId: string;
  current: number;
  target: number;
  ratio: number;
  grantCount: number;
  updatedAt: string;
}

const ZUserId = z.string().min(1).max(128);

/**
 * A user's progress towards the badges of the published rules they have activity for, computed
 * at request time from the stored aggregates (windows relative to now, streaks broken by a missed
 * day) by the same engine the worker runs.
 */
export function createProgressService(
  repository: ProgressRepository,
  options: { engine?: EngineOptions; now?: () => number } = {},
) {
  const engine = options.engine ?? DEFAULT_ENGINE_OPTIONS;
  const now = options.now ?? Date.now;
  // Compiled published versions, shared by requests (a version never changes).
  const compiled = new Map<string, CompiledRule | null>();
  const compile = (key: string, make: () => CompiledRule): CompiledRule | null => {
    if (!compiled.has(key)) {
      if (compiled.size > 10_000) compiled.clear();
      try {
        compiled.set(key, make());
      } catch {
        compiled.set(key, null);
      }
    }
    return compiled.get(key) ?? null;
  };

  return {
    async forUser(userId: unknown): Promise<BadgeProgressDto[]> {
      const parsed = ZUserId.safeParse(userId);
      if (!parsed.success) throw new AppError('BAD_USER_INPUT', 'invalid user id');
      const at = now();
      const rows = await repository.forUser(parsed.data);
      const out: BadgeProgressDto[] = [];
      for (const row of rows) {
        const d = row.definition;
        const rule = compile(`${d.ruleId}:${d.version}`, () => compileRule(d, engine));
        if (!rule) continue;
        const { current, target } = rule.progress(rowToState(row.aggregate), at, row.grantCount);
        out.push({
          badgeId: d.badgeId,
          ruleId: d.ruleId,
          current,
          target,
          ratio: target <= 0 ? 1 : Math.max(0, Math.min(1, current / target)),
          grantCount: row.grantCount,
          updatedAt: row.aggregate.updatedAt.toISOString(),
        });
      }
      return out;
    },
  };
}
export type ProgressService = ReturnType<typeof createProgressService>;
