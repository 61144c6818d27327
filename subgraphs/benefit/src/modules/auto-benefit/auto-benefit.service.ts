import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, type Identity } from '@badge/service-kit';
import { actorOf, auditRecord } from '../../shared/audit.js';
import { parseInput, ZId } from '../../shared/validation.js';
import type { BenefitRepository } from '../benefit/benefit.repository.js';
import { seesAllStatuses, toBenefitDto, type BenefitDto } from '../benefit/benefit.service.js';
import type { AutoBenefitRepository, BadgeBenefitRow } from './auto-benefit.repository.js';

export interface BadgeBenefitDto {
  id: string;
  badgeId: string;
  benefitId: string;
  quantity: number;
  isEnabled: boolean;
  clawbackOnRevoke: boolean;
  createdAt: string;
  updatedAt: string;
}

const toDto = (r: BadgeBenefitRow): BadgeBenefitDto => ({
  id: r.id,
  badgeId: r.badgeId,
  benefitId: r.benefitId,
  quantity: r.quantity,
  isEnabled: r.isEnabled,
  clawbackOnRevoke: r.clawbackOnRevoke,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const ZQuantity = z.number().int().min(1).max(10_000);

const ZLinkInput = z
  .object({
    badgeId: ZId,
    benefitId: ZId,
    quantity: ZQuantity.nullish(),
    clawbackOnRevoke: z.boolean().nullish(),
  })
  .strict();

const ZUpdateInput = z
  .object({
    id: ZId,
    quantity: ZQuantity.nullish(),
    isEnabled: z.boolean().nullish(),
    clawbackOnRevoke: z.boolean().nullish(),
  })
  .strict();

const ZListInput = z.object({ badgeId: ZId.nullish(), benefitId: ZId.nullish() });

export function createAutoBenefitService(
  repository: AutoBenefitRepository,
  benefits: BenefitRepository,
) {
  const audit =
    (identity: Identity, action: string) =>
    (before: BadgeBenefitRow | null, after: BadgeBenefitRow) => [
      auditRecord(identity, {
        action,
        targetType: 'BadgeBenefit',
        targetId: after.id,
        ...(before ? { before } : {}),
        after,
      }),
    ];

  /** Coupons go out one code per grant. */
  const checkQuantity = async (benefitId: string, quantity: number) => {
    const benefit = await benefits.findById(benefitId);
    if (!benefit) throw new AppError('NOT_FOUND', 'benefit not found', { id: benefitId });
    if (benefit.status === 'ARCHIVED')
      throw new AppError('INVALID_STATE', 'an archived benefit cannot be linked', {
        reason: 'ARCHIVED',
      });
    if (benefit.type === 'COUPON' && quantity !== 1)
      throw new AppError('BAD_USER_INPUT', 'invalid badge benefit link', {
        issues: [{ path: 'quantity', message: 'a COUPON benefit gives one code per badge grant' }],
      });
  };

  return {
    async list(input: unknown): Promise<BadgeBenefitDto[]> {
      const v = parseInput(ZListInput, input, 'badge benefit filter');
      return (
        await repository.list({
          ...(v.badgeId ? { badgeId: v.badgeId } : {}),
          ...(v.benefitId ? { benefitId: v.benefitId } : {}),
        })
      ).map(toDto);
    },

    /** Links per benefit (console: which badges grant it). */
    async linksByBenefitIds(ids: readonly string[]): Promise<BadgeBenefitDto[][]> {
      const rows = await repository.byBenefitIds(ids.filter((id) => ZId.safeParse(id).success));
      return ids.map((id) => rows.filter((r) => r.benefitId === id).map(toDto));
    },

    /**
     * The benefits each badge grants automatically (enabled links), batched for `Badge.benefits`.
     * Client apps and partners see PUBLISHED benefits only.
     */
    async benefitsByBadgeIds(
      identity: Identity,
      badgeIds: readonly string[],
    ): Promise<BenefitDto[][]> {
      const links = (
        await repository.byBadgeIds(badgeIds.filter((id) => ZId.safeParse(id).success))
      ).filter((l) => l.isEnabled);
      const rows = new Map(
        (await benefits.findByIds([...new Set(links.map((l) => l.benefitId))])).map((b) => [
          b.id,
          b,
        ]),
      );
      const all = seesAllStatuses(identity);
      return badgeIds.map((badgeId) =>
        links
          .filter((l) => l.badgeId === badgeId)
          .map((l) => rows.get(l.benefitId))
          .filter((b) => b !== undefined && (all || b.status === 'PUBLISHED'))
          .map((b) => toBenefitDto(b!)),
      );
    },

    async link(identity: Identity, input: unknown): Promise<BadgeBenefitDto> {
      const v = parseInput(ZLinkInput, input, 'badge benefit link');
      const quantity = v.quantity ?? 1;
      await checkQuantity(v.benefitId, quantity);
      const row = await repository.create(
        {
          id: randomUUID(),
          badgeId: v.badgeId,
          benefitId: v.benefitId,
          quantity,
          isEnabled: true,
          clawbackOnRevoke: v.clawbackOnRevoke ?? true,
          createdBy: actorOf(identity),
        },
        (after) => audit(identity, 'benefit.badge_link.create')(null, after),
      );
      return toDto(row);
    },

    async update(identity: Identity, input: unknown): Promise<BadgeBenefitDto> {
      const v = parseInput(ZUpdateInput, input, 'badge benefit link');
      const current = await repository.findById(v.id);
      if (!current) throw new AppError('NOT_FOUND', 'badge benefit link not found', { id: v.id });
      if (v.quantity != null) await checkQuantity(current.benefitId, v.quantity);
      const row = await repository.update(
        v.id,
        {
          ...(v.quantity != null ? { quantity: v.quantity } : {}),
          ...(v.isEnabled != null ? { isEnabled: v.isEnabled } : {}),
          ...(v.clawbackOnRevoke != null ? { clawbackOnRevoke: v.clawbackOnRevoke } : {}),
        },
        audit(identity, 'benefit.badge_link.update'),
      );
      if (!row) throw new AppError('NOT_FOUND', 'badge benefit link not found', { id: v.id });
      return toDto(row);
    },

    /** Removes a link: future badge grants no longer bring the benefit (past grants stay). */
    async unlink(identity: Identity, input: unknown): Promise<{ id: string }> {
      const v = parseInput(z.object({ id: ZId }), input, 'badge benefit link');
      const row = await repository.delete(v.id, (before) =>
        audit(identity, 'benefit.badge_link.delete')(before, before),
      );
      if (!row) throw new AppError('NOT_FOUND', 'badge benefit link not found', { id: v.id });
      return { id: row.id };
    },
  };
}
export type AutoBenefitService = ReturnType<typeof createAutoBenefitService>;
