import { AppError, toLocalizedText, type LocalizedTextDto } from '@badge/service-kit';
import { z } from 'zod';
import type { BenefitRepository, BenefitRow } from './benefit.repository.js';

export interface BenefitDto extends Omit<BenefitRow, 'name' | 'description' | 'createdAt'> {
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  createdAt: string;
}

const toDto = (row: BenefitRow): BenefitDto => ({
  ...row,
  name: toLocalizedText(row.name) ?? { zhCN: row.code, enUS: row.code },
  description: toLocalizedText(row.description),
  createdAt: row.createdAt.toISOString(),
});

export const ZListBenefitsInput = z.object({
  status: z.enum(['DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED']).nullish(),
  type: z.enum(['COUPON', 'POINTS', 'PHYSICAL', 'PRIVILEGE', 'CUSTOM']).nullish(),
  first: z.number().int().min(1).max(200).default(50),
});
export type TListBenefitsInput = z.input<typeof ZListBenefitsInput>;

export function createBenefitService(repository: BenefitRepository) {
  return {
    async list(input: TListBenefitsInput): Promise<BenefitDto[]> {
      const parsed = ZListBenefitsInput.safeParse(input);
      if (!parsed.success) {
        throw new AppError('BAD_USER_INPUT', 'invalid benefit filter', {
          issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
      }
      const { status, type, first } = parsed.data;
      return (
        await repository.list({
          ...(status ? { status } : {}),
          ...(type ? { type } : {}),
          take: first,
        })
      ).map(toDto);
    },
    async byIds(ids: readonly string[]): Promise<(BenefitDto | null)[]> {
      const rows = new Map((await repository.findByIds(ids)).map((r) => [r.id, toDto(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },
  };
}
export type BenefitService = ReturnType<typeof createBenefitService>;
