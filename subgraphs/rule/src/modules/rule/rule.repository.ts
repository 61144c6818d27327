import {
  insertOutboxRecords,
  type Prisma,
  type OutboxRecordInput,
  type PrismaClient,
  type RuleStatus,
} from '@badge/db';

export type { RuleStatus };

export interface RuleRow {
  id: string;
  name: string;
  description: string | null;
  badgeId: string;
  eventTypes: string[];
  templateCode: string;
  params: Record<string, string | number | boolean>;
  celCondition: string | null;
  status: RuleStatus;
  currentVersion: number | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
  priority: number;
  lockVersion: number;
  createdBy: string | null;
  updatedBy: string | null;
  publishedAt: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleVersionRow {
  id: string;
  ruleId: string;
  version: number;
  badgeId: string;
  eventTypes: string[];
  templateCode: string;
  params: Record<string, string | number | boolean>;
  celCondition: string | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
  changeNote: string | null;
  publishedBy: string;
  publishedAt: Date;
}

/** The editable fields of a rule (the working copy). */
export interface RuleFields {
  name: string;
  description: string | null;
  badgeId: string;
  eventTypes: string[];
  templateCode: string;
  params: Record<string, string | number | boolean>;
  celCondition: string | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
  priority: number;
}

export interface TemplateForRule {
  code: string;
  isEnabled: boolean;
  parameterSchema: unknown;
  defaultEventTypes: string[];
}

export interface RuleListFilter {
  status?: RuleStatus | undefined;
  badgeId?: string | undefined;
  templateCode?: string | undefined;
  eventType?: string | undefined;
  search?: string | undefined;
}

const asRow = (r: Omit<RuleRow, 'params'> & { params: unknown }): RuleRow => ({
  ...r,
  params: (r.params ?? {}) as RuleRow['params'],
});
const asVersion = (v: Omit<RuleVersionRow, 'params'> & { params: unknown }): RuleVersionRow => ({
  id: v.id,
  ruleId: v.ruleId,
  version: v.version,
  badgeId: v.badgeId,
  eventTypes: v.eventTypes,
  templateCode: v.templateCode,
  params: (v.params ?? {}) as RuleVersionRow['params'],
  celCondition: v.celCondition,
  activeFrom: v.activeFrom,
  activeUntil: v.activeUntil,
  perUserGrantLimit: v.perUserGrantLimit,
  grantQuantity: v.grantQuantity,
  timezone: v.timezone,
  changeNote: v.changeNote,
  publishedBy: v.publishedBy,
  publishedAt: v.publishedAt,
});

function whereOf(filter: RuleListFilter): Prisma.RuleWhereInput {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.badgeId ? { badgeId: filter.badgeId } : {}),
    ...(filter.templateCode ? { templateCode: filter.templateCode } : {}),
    ...(filter.eventType ? { eventTypes: { has: filter.eventType } } : {}),
    ...(filter.search ? { name: { contains: filter.search, mode: 'insensitive' as const } } : {}),
  };
}

/** Operations inside one transaction (the rule change and its audit record commit together). */
export interface RuleTx {
  lock(id: string): Promise<RuleRow | null>;
  create(fields: RuleFields, actor: string): Promise<RuleRow>;
  /** Updates when `lockVersion` still matches; null otherwise. */
  update(
    id: string,
    lockVersion: number,
    data: Partial<RuleFields> & {
      status?: RuleStatus;
      currentVersion?: number;
      publishedAt?: Date;
      disabledAt?: Date | null;
    },
    actor: string,
  ): Promise<RuleRow | null>;
  delete(id: string, lockVersion: number): Promise<boolean>;
  maxVersion(ruleId: string): Promise<number>;
  createVersion(
    rule: RuleRow,
    version: number,
    publishedBy: string,
    changeNote: string | null,
  ): Promise<RuleVersionRow>;
  addOutbox(records: readonly OutboxRecordInput[]): Promise<void>;
}

export function createRuleRepository(prisma: PrismaClient) {
  const txOps = (tx: Prisma.TransactionClient): RuleTx => ({
    async lock(id) {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM rule.rule WHERE id = ${id}::uuid FOR UPDATE`;
      if (rows.length === 0) return null;
      const row = await tx.rule.findUnique({ where: { id } });
      return row ? asRow(row) : null;
    },
    async create(fields, actor) {
      return asRow(
        await tx.rule.create({
          data: { ...fields, createdBy: actor, updatedBy: actor, status: 'DRAFT' },
        }),
      );
    },
    async update(id, lockVersion, data, actor) {
      const { count } = await tx.rule.updateMany({
        where: { id, lockVersion },
        data: { ...data, updatedBy: actor, lockVersion: { increment: 1 } },
      });
      if (count === 0) return null;
      const row = await tx.rule.findUnique({ where: { id } });
      return row ? asRow(row) : null;
    },
    async delete(id, lockVersion) {
      const { count } = await tx.rule.deleteMany({ where: { id, lockVersion } });
      return count === 1;
    },
    async maxVersion(ruleId) {
      const agg = await tx.ruleVersion.aggregate({ where: { ruleId }, _max: { version: true } });
      return agg._max.version ?? 0;
    },
    async createVersion(rule, version, publishedBy, changeNote) {
      return asVersion(
        await tx.ruleVersion.create({
          data: {
            ruleId: rule.id,
            version,
            badgeId: rule.badgeId,
            eventTypes: rule.eventTypes,
            templateCode: rule.templateCode,
            params: rule.params,
            celCondition: rule.celCondition,
            activeFrom: rule.activeFrom,
            activeUntil: rule.activeUntil,
            perUserGrantLimit: rule.perUserGrantLimit,
            grantQuantity: rule.grantQuantity,
            timezone: rule.timezone,
            changeNote,
            publishedBy,
          },
        }),
      );
    },
    addOutbox: (records) => insertOutboxRecords(tx, 'rule', records),
  });

  return {
    transaction<T>(fn: (tx: RuleTx) => Promise<T>): Promise<T> {
      return prisma.$transaction((tx) => fn(txOps(tx)));
    },

    async list(
      filter: RuleListFilter,
      page: { first: number; after: { createdAt: Date; id: string } | null },
    ): Promise<{ rows: RuleRow[]; totalCount: number; hasNextPage: boolean }> {
      const where = whereOf(filter);
      const cursorWhere: Prisma.RuleWhereInput = page.after
        ? {
            OR: [
              { createdAt: { lt: page.after.createdAt } },
              { createdAt: page.after.createdAt, id: { lt: page.after.id } },
            ],
          }
        : {};
      const [rows, totalCount] = await Promise.all([
        prisma.rule.findMany({
          where: { AND: [where, cursorWhere] },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: page.first + 1,
        }),
        prisma.rule.count({ where }),
      ]);
      return {
        rows: rows.slice(0, page.first).map(asRow),
        totalCount,
        hasNextPage: rows.length > page.first,
      };
    },

    async findByIds(ids: readonly string[]): Promise<RuleRow[]> {
      return (await prisma.rule.findMany({ where: { id: { in: [...ids] } } })).map(asRow);
    },

    async findVersions(ruleIds: readonly string[]): Promise<RuleVersionRow[]> {
      return (
        await prisma.ruleVersion.findMany({
          where: { ruleId: { in: [...ruleIds] } },
          orderBy: [{ ruleId: 'asc' }, { version: 'desc' }],
        })
      ).map(asVersion);
    },

    async findVersion(ruleId: string, version: number): Promise<RuleVersionRow | null> {
      const v = await prisma.ruleVersion.findUnique({
        where: { ruleId_version: { ruleId, version } },
      });
      return v ? asVersion(v) : null;
    },

    async templateByCode(code: string): Promise<TemplateForRule | null> {
      return prisma.ruleTemplate.findUnique({
        where: { code },
        select: { code: true, isEnabled: true, parameterSchema: true, defaultEventTypes: true },
      });
    },

    /** A user's stored aggregate and active grant count for one rule (dry runs; read-only). */
    async userState(ruleId: string, userId: string) {
      const [aggregate, count] = await Promise.all([
        prisma.ruleUserAggregate.findUnique({ where: { ruleId_userId: { ruleId, userId } } }),
        prisma.ruleUserGrantCount.findUnique({ where: { ruleId_userId: { ruleId, userId } } }),
      ]);
      return {
        aggregate: aggregate
          ? {
              timezone: aggregate.timezone,
              eventCount: aggregate.eventCount,
              sumValue: aggregate.sumValue.toString(),
              window: aggregate.window,
              firstEventAt: aggregate.firstEventAt,
              lastEventAt: aggregate.lastEventAt,
              lastEventId: aggregate.lastEventId,
              lastActiveDate: aggregate.lastActiveDate,
            }
          : null,
        grantCount: count?.grantCount ?? 0,
      };
    },
  };
}
export type RuleRepository = ReturnType<typeof createRuleRepository>;
