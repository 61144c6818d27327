import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, type Identity } from '@badge/service-kit';
import { auditRecord } from '../../shared/audit.js';
import { decodeCursor, toConnection, ZPageArgs, type Connection } from '../../shared/pagination.js';
import { iso, parseInput, ZId, ZInstant } from '../../shared/validation.js';
import type { BenefitRepository } from '../benefit/benefit.repository.js';
import {
  generateCouponCodes,
  maskCouponCode,
  MAX_CODES_PER_UPLOAD,
  parseCouponCodes,
} from './coupon-codes.js';
import type {
  CouponCodeRow,
  CouponCodeStatus,
  CouponRepository,
  PoolCounts,
} from './coupon.repository.js';

export interface CouponPoolStatsDto {
  available: number;
  reserved: number;
  issued: number;
  revoked: number;
  total: number;
}

export interface CouponCodeDto {
  id: string;
  maskedCode: string;
  status: CouponCodeStatus;
  importBatch: string | null;
  expiresAt: string | null;
  createdAt: string;
  issuedAt: string | null;
  revokedAt: string | null;
}

const toStats = (c: PoolCounts): CouponPoolStatsDto => ({
  available: c.AVAILABLE,
  reserved: c.RESERVED,
  issued: c.ISSUED,
  revoked: c.REVOKED,
  total: c.AVAILABLE + c.RESERVED + c.ISSUED + c.REVOKED,
});

const toDto = (r: CouponCodeRow): CouponCodeDto => ({
  id: r.id,
  maskedCode: maskCouponCode(r.code),
  status: r.status,
  importBatch: r.importBatch,
  expiresAt: iso(r.expiresAt),
  createdAt: r.createdAt.toISOString(),
  issuedAt: iso(r.issuedAt),
  revokedAt: iso(r.revokedAt),
});

const ZBatch = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits, ".", ":", "-" and "_" only');

const ZUploadInput = z
  .object({
    benefitId: ZId,
    codes: z.string().min(1, 'is empty').max(4_000_000, 'is too large (split the upload)'),
    importBatch: ZBatch.nullish(),
    expiresAt: ZInstant.nullish(),
  })
  .strict();

const ZGenerateInput = z
  .object({
    benefitId: ZId,
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, '1–16 letters, digits, "-" or "_"'),
    count: z.number().int().min(1).max(MAX_CODES_PER_UPLOAD),
    length: z.number().int().min(6).max(32).nullish(),
    importBatch: ZBatch.nullish(),
    expiresAt: ZInstant.nullish(),
  })
  .strict();

const ZListInput = ZPageArgs.extend({
  benefitId: ZId,
  status: z.enum(['AVAILABLE', 'RESERVED', 'ISSUED', 'REVOKED']).nullish(),
});

export function createCouponService(repository: CouponRepository, benefits: BenefitRepository) {
  const couponBenefit = async (id: string) => {
    const benefit = await benefits.findById(id);
    if (!benefit) throw new AppError('NOT_FOUND', 'benefit not found', { id });
    if (benefit.type !== 'COUPON')
      throw new AppError('INVALID_STATE', 'only COUPON benefits have a code pool', {
        reason: 'NOT_A_COUPON',
        type: benefit.type,
      });
    if (benefit.status === 'ARCHIVED')
      throw new AppError('INVALID_STATE', 'an archived benefit takes no codes', {
        reason: 'ARCHIVED',
      });
    return benefit;
  };

  const stats = async (benefitId: string) =>
    toStats((await repository.poolCounts([benefitId])).get(benefitId)!);

  const insert = async (
    identity: Identity,
    action: string,
    benefitId: string,
    codes: string[],
    importBatch: string,
    expiresAt: Date | null,
  ) =>
    repository.insertCodes(benefitId, codes, { importBatch, expiresAt }, (inserted) => [
      auditRecord(identity, {
        action,
        targetType: 'Benefit',
        targetId: benefitId,
        // never the codes themselves
        after: { importBatch, offered: codes.length, inserted, expiresAt },
      }),
    ]);

  return {
    async poolStats(benefitIds: readonly string[]): Promise<CouponPoolStatsDto[]> {
      const valid = benefitIds.filter((id) => ZId.safeParse(id).success);
      const counts = await repository.poolCounts(valid);
      return benefitIds.map((id) =>
        toStats(counts.get(id) ?? { AVAILABLE: 0, RESERVED: 0, ISSUED: 0, REVOKED: 0 }),
      );
    },

    async list(input: unknown): Promise<Connection<CouponCodeDto>> {
      const v = parseInput(ZListInput, input, 'coupon code filter');
      const q = { benefitId: v.benefitId, ...(v.status ? { status: v.status } : {}) };
      const cursor = decodeCursor(v.after);
      const rows = await repository.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(rows, v.first, toDto, () => repository.count(q));
    },

    /**
     * Uploads codes (text or CSV, see parseCouponCodes): invalid lines are reported and skipped,
     * duplicates inside the upload and codes already in the pool are counted, not inserted.
     */
    async upload(identity: Identity, input: unknown) {
      const v = parseInput(ZUploadInput, input, 'coupon code upload');
      await couponBenefit(v.benefitId);
      const parsed = parseCouponCodes(v.codes);
      if (parsed.codes.length > MAX_CODES_PER_UPLOAD)
        throw new AppError('BAD_USER_INPUT', 'invalid coupon code upload', {
          issues: [{ path: 'codes', message: `at most ${MAX_CODES_PER_UPLOAD} codes per upload` }],
        });
      const importBatch = v.importBatch ?? `upload-${randomUUID()}`;
      const inserted = parsed.codes.length
        ? await insert(
            identity,
            'benefit.coupon.upload',
            v.benefitId,
            parsed.codes,
            importBatch,
            v.expiresAt ?? null,
          )
        : 0;
      return {
        importBatch,
        inserted,
        duplicatesInInput: parsed.duplicatesInInput,
        alreadyInPool: parsed.codes.length - inserted,
        rejected: parsed.rejected.slice(0, 1000),
        rejectedCount: parsed.rejected.length,
        pool: await stats(v.benefitId),
      };
    },

    /** Generates `count` new codes `<prefix><random>` (collisions with the pool are redrawn). */
    async generate(identity: Identity, input: unknown) {
      const v = parseInput(ZGenerateInput, input, 'coupon code generation');
      await couponBenefit(v.benefitId);
      const importBatch = v.importBatch ?? `generated-${randomUUID()}`;
      let generated = 0;
      for (let round = 0; generated < v.count && round < 5; round++) {
        const codes = generateCouponCodes(v.prefix, v.length ?? 10, v.count - generated);
        generated += await insert(
          identity,
          'benefit.coupon.generate',
          v.benefitId,
          codes,
          importBatch,
          v.expiresAt ?? null,
        );
      }
      if (generated < v.count)
        throw new AppError(
          'CONFLICT',
          'could not generate enough distinct codes: use a longer length',
          {
            generated,
          },
        );
      return { importBatch, generated, pool: await stats(v.benefitId) };
    },
  };
}
export type CouponService = ReturnType<typeof createCouponService>;
