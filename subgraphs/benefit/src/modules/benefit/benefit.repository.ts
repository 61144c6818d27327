import type { BenefitStatus, BenefitType, PrismaClient } from '@badge/db';

export interface BenefitRow {
  id: string;
  code: string;
  type: BenefitType;
  name: unknown;
  description: unknown;
  imageUrl: string | null;
  status: BenefitStatus;
  totalStock: number | null;
  remainingStock: number | null;
  perUserLimit: number | null;
  createdAt: Date;
}

export function createBenefitRepository(prisma: PrismaClient) {
  return {
    list(filter: {
      status?: BenefitStatus;
      type?: BenefitType;
      take: number;
    }): Promise<BenefitRow[]> {
      return prisma.benefit.findMany({
        where: {
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.type ? { type: filter.type } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: filter.take,
      });
    },
    findByIds(ids: readonly string[]): Promise<BenefitRow[]> {
      return prisma.benefit.findMany({ where: { id: { in: [...ids] } } });
    },
  };
}
export type BenefitRepository = ReturnType<typeof createBenefitRepository>;
