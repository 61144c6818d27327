import type { Prisma, PrismaClient } from '../generated/client.js';
import { PERMISSIONS, SYSTEM_ROLES } from './permissions.js';
import { RULE_TEMPLATES } from './rule-templates.js';
import {
  DEMO_BADGES,
  DEMO_BENEFIT,
  DEMO_CATEGORIES,
  DEMO_DEPENDENCY,
  DEMO_SERIES,
} from './demo-catalogue.js';

export interface SeedOptions {
  /** Also create the demo catalogue (categories, series, badges, dependency, benefit). Default true. */
  demo?: boolean;
}

export interface SeedSummary {
  permissions: number;
  roles: number;
  ruleTemplates: number;
  demoBadges: number;
}

type Tx = Prisma.TransactionClient;

/**
 * Loads the reference data: permissions (seed 001 §6.5), system roles, rule templates and, unless
 * `demo: false`, a small demo catalogue. Idempotent: upserts by natural key, and concurrent runs are
 * serialised by an advisory lock. Reference data (permissions, system roles and their permission
 * sets, templates) is brought back to its definition; demo rows are only created, never
 * overwritten, so stock and edits made since survive a re-seed.
 */
export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const withDemo = options.demo ?? true;
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('badge:seed'))`;
      await seedPermissionsAndRoles(tx);
      await seedRuleTemplates(tx);
      if (withDemo) await seedDemoCatalogue(tx);
      return {
        permissions: PERMISSIONS.length,
        roles: SYSTEM_ROLES.length,
        ruleTemplates: RULE_TEMPLATES.length,
        demoBadges: withDemo ? DEMO_BADGES.length : 0,
      };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function seedPermissionsAndRoles(tx: Tx): Promise<void> {
  const permissionIds = new Map<string, string>();
  for (const p of PERMISSIONS) {
    const row = await tx.permission.upsert({
      where: { code: p.code },
      create: p,
      update: {
        module: p.module,
        resource: p.resource,
        action: p.action,
        description: p.description,
      },
      select: { id: true },
    });
    permissionIds.set(p.code, row.id);
  }

  for (const role of SYSTEM_ROLES) {
    const { id: roleId } = await tx.role.upsert({
      where: { code: role.code },
      create: { code: role.code, name: role.name, description: role.description, isSystem: true },
      update: { name: role.name, description: role.description, isSystem: true },
      select: { id: true },
    });
    const wanted = role.permissions.map((code) => {
      const id = permissionIds.get(code);
      if (!id) throw new Error(`seed: role ${role.code} refers to unknown permission ${code}`);
      return id;
    });
    // A system role has exactly its defined permission set.
    await tx.rolePermission.deleteMany({ where: { roleId, permissionId: { notIn: wanted } } });
    await tx.rolePermission.createMany({
      data: wanted.map((permissionId) => ({ roleId, permissionId })),
      skipDuplicates: true,
    });
  }
}

async function seedRuleTemplates(tx: Tx): Promise<void> {
  for (const t of RULE_TEMPLATES) {
    const data = {
      name: t.name,
      description: t.description,
      parameterSchema: t.parameterSchema as unknown as Prisma.InputJsonObject,
      defaultEventTypes: t.defaultEventTypes,
      displayOrder: t.displayOrder,
      isSystem: true,
    };
    await tx.ruleTemplate.upsert({
      where: { code: t.code },
      create: { code: t.code, ...data },
      update: data,
    });
  }
}

async function seedDemoCatalogue(tx: Tx): Promise<void> {
  const categoryIds = new Map<string, string>();
  for (const c of DEMO_CATEGORIES) {
    const row = await tx.badgeCategory.upsert({
      where: { code: c.code },
      create: { code: c.code, name: c.name, displayOrder: c.displayOrder },
      update: {},
      select: { id: true },
    });
    categoryIds.set(c.code, row.id);
  }
  const categoryId = (code: string): string => {
    const id = categoryIds.get(code);
    if (!id) throw new Error(`seed: unknown demo category ${code}`);
    return id;
  };

  const series = await tx.badgeSeries.upsert({
    where: { code: DEMO_SERIES.code },
    create: {
      code: DEMO_SERIES.code,
      categoryId: categoryId(DEMO_SERIES.categoryCode),
      name: DEMO_SERIES.name,
      description: DEMO_SERIES.description,
    },
    update: {},
    select: { id: true, code: true },
  });

  const now = new Date();
  const badgeIds = new Map<string, string>();
  for (const b of DEMO_BADGES) {
    const row = await tx.badge.upsert({
      where: { code: b.code },
      create: {
        code: b.code,
        categoryId: categoryId(b.categoryCode),
        seriesId: b.seriesCode === series.code ? series.id : null,
        name: b.name,
        description: b.description,
        status: 'PUBLISHED',
        totalStock: b.totalStock ?? null,
        remainingStock: b.totalStock ?? null,
        perUserCap: b.perUserCap ?? null,
        isRepeatable: b.isRepeatable ?? false,
        validityKind: b.validDays ? 'RELATIVE' : 'NONE',
        validDays: b.validDays ?? null,
        isHiddenUntilEarned: b.isHiddenUntilEarned ?? false,
        displayOrder: b.displayOrder,
        publishedAt: now,
        createdBy: 'seed',
      },
      update: {},
      select: { id: true },
    });
    badgeIds.set(b.code, row.id);
  }
  const badgeId = (code: string): string => {
    const id = badgeIds.get(code);
    if (!id) throw new Error(`seed: unknown demo badge ${code}`);
    return id;
  };

  const dependentBadgeId = badgeId(DEMO_DEPENDENCY.badgeCode);
  await tx.badgeDependencyGroup.upsert({
    where: { id: DEMO_DEPENDENCY.groupId },
    create: {
      id: DEMO_DEPENDENCY.groupId,
      badgeId: dependentBadgeId,
      operator: 'AND',
      name: 'check-in and purchase',
    },
    update: {},
  });
  for (const item of DEMO_DEPENDENCY.items) {
    const requiredBadgeId = badgeId(item.requiredBadgeCode);
    await tx.badgeDependency.upsert({
      where: { groupId_requiredBadgeId: { groupId: DEMO_DEPENDENCY.groupId, requiredBadgeId } },
      create: {
        groupId: DEMO_DEPENDENCY.groupId,
        badgeId: dependentBadgeId,
        requiredBadgeId,
        revokeBehavior: item.revokeBehavior,
      },
      update: {},
    });
  }

  const benefit = await tx.benefit.upsert({
    where: { code: DEMO_BENEFIT.code },
    create: {
      code: DEMO_BENEFIT.code,
      type: DEMO_BENEFIT.type,
      name: DEMO_BENEFIT.name,
      description: DEMO_BENEFIT.description,
      status: 'PUBLISHED',
      perUserLimit: DEMO_BENEFIT.perUserLimit,
      config: DEMO_BENEFIT.config,
      createdBy: 'seed',
    },
    update: {},
    select: { id: true },
  });
  const linkedBadgeId = badgeId(DEMO_BENEFIT.badgeCode);
  await tx.badgeBenefit.upsert({
    where: { badgeId_benefitId: { badgeId: linkedBadgeId, benefitId: benefit.id } },
    create: { badgeId: linkedBadgeId, benefitId: benefit.id, createdBy: 'seed' },
    update: {},
  });
}
