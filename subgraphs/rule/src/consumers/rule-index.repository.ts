import { createHash } from 'node:crypto';
import type { PrismaClient } from '@badge/db';
import type { IndexedDefinition } from '../engine/rule-index.js';
import type { ParamValues } from '../engine/params.js';

/** md5 of "id:version,…" over published rules in id order (same text in SQL and here). */
export const indexSignature = (rules: readonly { ruleId: string; version: number }[]): string =>
  createHash('md5')
    .update(
      [...rules]
        .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
        .map((r) => `${r.ruleId}:${r.version}`)
        .join(','),
    )
    .digest('hex');

/** What the worker's rule index is built from: the current version of every published rule. */
export function createRuleIndexRepository(prisma: PrismaClient) {
  return {
    /** Cheap watermark: changes whenever a rule is published, re-published or disabled. */
    async signature(): Promise<string> {
      const [row] = await prisma.$queryRaw<{ sig: string }[]>`
        SELECT md5(coalesce(string_agg(id::text || ':' || current_version, ',' ORDER BY id::text), '')) AS sig
        FROM rule.rule WHERE status = 'PUBLISHED'`;
      return row?.sig ?? '';
    },

    async loadPublished(): Promise<{ definitions: IndexedDefinition[]; signature: string }> {
      const rows = await prisma.rule.findMany({
        where: { status: 'PUBLISHED', currentVersion: { not: null } },
        select: { id: true, priority: true, currentVersion: true, versions: true },
      });
      const definitions: IndexedDefinition[] = [];
      for (const rule of rows) {
        const v = rule.versions.find((x) => x.version === rule.currentVersion);
        if (!v) continue;
        definitions.push({
          ruleId: rule.id,
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
          priority: rule.priority,
        });
      }
      return { definitions, signature: indexSignature(definitions) };
    },
  };
}
export type RuleIndexRepository = ReturnType<typeof createRuleIndexRepository>;
