'use server';

import { z } from 'zod';
import {
  ConsoleGenerateCouponCodesDocument,
  ConsoleUploadCouponCodesDocument,
  type ConsoleGenerateCouponCodesMutation,
  type ConsoleUploadCouponCodesMutation,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zId } from '../../../server/input';

/** An import batch label (the benefit subgraph's rule); empty = a generated one. */
const zBatch = z
  .union([
    z.literal(''),
    z
      .string()
      .trim()
      .max(64)
      .regex(/^[\w.:-]+$/, 'letters, digits, ".", ":", "-" and "_" only'),
  ])
  .optional();

export async function generateCouponCodes(
  raw: unknown,
): Promise<ActionResult<ConsoleGenerateCouponCodesMutation['generateCouponCodes']>> {
  return toActionResult(async () => {
    const v = parseActionInput(
      z.object({
        benefitId: zId,
        count: z.number().int().min(1).max(50_000),
        prefix: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, '1–16 letters, digits, "-" or "_"'),
        length: z.number().int().min(6).max(32).nullish(),
        importBatch: zBatch,
        expiresAt: z.iso.datetime({ offset: true }).nullish(),
      }),
      raw,
    );
    const result = await gatewayRequest(ConsoleGenerateCouponCodesDocument, {
      input: {
        benefitId: v.benefitId,
        count: v.count,
        prefix: v.prefix,
        length: v.length ?? null,
        importBatch: v.importBatch || null,
        expiresAt: v.expiresAt ?? null,
      },
    });
    return result.generateCouponCodes;
  });
}

/**
 * Uploads one part of a code list (the browser splits large lists so that each call stays under
 * the server-action body limit): one code per line, or CSV whose first column is the code.
 */
export async function uploadCouponCodes(
  raw: unknown,
): Promise<ActionResult<ConsoleUploadCouponCodesMutation['uploadCouponCodes']>> {
  return toActionResult(async () => {
    const v = parseActionInput(
      z.object({
        benefitId: zId,
        codes: z.string().min(1).max(600_000),
        importBatch: zBatch,
        expiresAt: z.iso.datetime({ offset: true }).nullish(),
      }),
      raw,
    );
    const result = await gatewayRequest(ConsoleUploadCouponCodesDocument, {
      input: {
        benefitId: v.benefitId,
        codes: v.codes,
        importBatch: v.importBatch || null,
        expiresAt: v.expiresAt ?? null,
      },
    });
    return result.uploadCouponCodes;
  });
}
