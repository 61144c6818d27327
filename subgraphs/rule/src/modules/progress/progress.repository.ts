import type { PrismaClient } from '@badge/db';
import type { RuleDefinition } from '../../engine/compile.js';
import type { ParamValues } from '../../engine/params.js';

export interface ProgressRow {
  definition: RuleDefinition;
  aggregate: {
    timezone: string;
    eventCount: number;
    sumValue: string;
    window: unknown;
    firstEventAt: Date | null;
    lastEventAt: Date | null;
    lastEventId: string | null;
    lastActiveDate: Date | null;
    updatedAt: Date;
  };
  grantCount: number;
}

export function createProgressRepository(prisma: PrismaClient) {
  return {
    /** The user's aggregates of published rules, with the rules' current versions. */
    async forUser(userId: string): Promise<ProgressRow[]> {
      const [aggregates, counts] = await Promise.all([
        prisma.ruleUserAggregate.findMany({
          where: { userId, rule: { status: 'PUBLISHED' } },
          include: { rule: { select: { id: true, currentVersion: true, versions: true } } },
          orderBy: { ruleId: 'asc' },
        }),
        prisma.ruleUserGrantCount.findMany({ where: { userId } }),
      ]);
      const grants = new Map(counts.map((c) => [c.ruleId, c.grantCount]));
      const out: ProgressRow[] = [];
      for (const a of aggregates) {
        const v = a.rule.versions.find((x) => x.version === a.rule.currentVersion);
        if (!v) continue;
        out.push({
          definition: {
            ruleId: a.ruleId,
            version: v.version,
            badgeId: v.badgeId,
            eventTypes: v.eventTypes,
            templateCode: v.templateCode,
            params: (v.params ?? {}) as ParamValues,
            celCondition: v.celCondition,
            activeFrom: v.activeFrom,
            activeUntil: v.activeUntil,
            perUserGrantLimit: v.perUserGrantLimit,
            grantQuantity: v.grantQuantity,
            timezone: v.timezone,
          },
          aggregate: {
            timezone: a.timezone,
            eventCount: a.eventCount,
            sumValue: a.sumValue.toString(),
            window: a.window,
            firstEventAt: a.firstEventAt,
            lastEventAt: a.lastEventAt,
            lastEventId: a.lastEventId,
            lastActiveDate: a.lastActiveDate,
            updatedAt: a.updatedAt,
          },
          grantCount: grants.get(a.ruleId) ?? 0,
        });
      }
      return out;
    },
  };
}
export type ProgressRepository = ReturnType<typeof createProgressRepository>;
