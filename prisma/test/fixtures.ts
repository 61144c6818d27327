// Row factories for integration tests: every call creates its own rows with unique codes/keys, so
// tests run in parallel on the shared database without cleaning up.
import { uniqueId } from '@badge/testing';
import type { Badge, Benefit, BadgeCategory, Prisma, PrismaClient } from '../src/index.js';

export async function createCategory(prisma: PrismaClient): Promise<BadgeCategory> {
  return prisma.badgeCategory.create({
    data: { code: uniqueId('cat'), name: { 'en-US': 'Test category' } },
  });
}

export async function createBadge(
  prisma: PrismaClient,
  data: Partial<Prisma.BadgeUncheckedCreateInput> = {},
): Promise<Badge> {
  const categoryId = data.categoryId ?? (await createCategory(prisma)).id;
  return prisma.badge.create({
    data: {
      code: uniqueId('badge'),
      name: { 'zh-CN': '测试徽章', 'en-US': 'Test badge' },
      ...data,
      categoryId,
    },
  });
}

export async function createBenefit(
  prisma: PrismaClient,
  data: Partial<Prisma.BenefitUncheckedCreateInput> = {},
): Promise<Benefit> {
  return prisma.benefit.create({
    data: {
      code: uniqueId('benefit'),
      type: 'POINTS',
      name: { 'en-US': 'Test benefit' },
      config: { points: 10 },
      ...data,
    },
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to be refused by the database, but it succeeded');
}
