'use server';

import { z } from 'zod';
import {
  ConsoleArchiveBenefitDocument,
  ConsoleCreateBenefitDocument,
  ConsoleLinkBadgeBenefitDocument,
  ConsoleOfflineBenefitDocument,
  ConsolePublishBenefitDocument,
  ConsoleUnlinkBadgeBenefitDocument,
  ConsoleUpdateBadgeBenefitDocument,
  ConsoleUpdateBenefitDocument,
  type BenefitType,
  type BenefitValidityKind,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zCode, zId, zLifecycleInput, zLocalizedFields, zOptionalUrl } from '../../../server/input';
import { toLocalizedInput } from '../../../ui/localized';

const TYPES = ['COUPON', 'POINTS', 'PHYSICAL', 'PRIVILEGE', 'CUSTOM'] as const;
const VALIDITY_KINDS = ['NONE', 'RELATIVE', 'FIXED'] as const;

const optionalSetting = (max: number) => z.string().trim().max(max).optional();

/** A JSON object as text (the type's further settings); empty = none. */
const zExtraJson = z
  .string()
  .trim()
  .max(10_000)
  .optional()
  .refine((text) => {
    if (!text) return true;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  }, 'must be a JSON object');

const zBenefit = z
  .object({
    id: zId.optional(),
    version: z.number().int().optional(),
    code: zCode,
    type: z.enum(TYPES),
    ...zLocalizedFields,
    imageUrl: zOptionalUrl,
    totalStock: z.number().int().min(0).max(100_000_000).nullish(),
    perUserLimit: z.number().int().min(1).max(1_000_000).nullish(),
    validityKind: z.enum(VALIDITY_KINDS),
    validDays: z.number().int().min(1).max(36_500).nullish(),
    validFrom: z.iso.datetime({ offset: true }).nullish(),
    validUntil: z.iso.datetime({ offset: true }).nullish(),
    points: z.number().int().min(1).max(100_000_000).nullish(),
    faceValue: z
      .union([z.literal(''), z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'a decimal such as 10.00')])
      .optional(),
    currency: z
      .union([z.literal(''), z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')])
      .optional(),
    sku: optionalSetting(64),
    privilegeCode: optionalSetting(64),
    extraJson: zExtraJson,
  })
  .refine((b) => b.nameZh || b.nameEn, { path: ['nameZh'], message: 'a name is required' })
  .refine((b) => b.validityKind !== 'RELATIVE' || b.validDays, {
    path: ['validDays'],
    message: 'required for a validity in days',
  })
  .refine((b) => b.validityKind !== 'FIXED' || b.validUntil, {
    path: ['validWindow'],
    message: 'a fixed validity needs an end',
  })
  .refine(
    (b) =>
      b.validityKind !== 'FIXED' || !b.validFrom || !b.validUntil || b.validFrom < b.validUntil,
    { path: ['validWindow'], message: 'the end must be after the start' },
  );

type TBenefitInput = z.infer<typeof zBenefit>;

/** Only the settings of the benefit's type (the gateway refuses another type's settings). */
function configOf(b: TBenefitInput) {
  const type: BenefitType = b.type;
  return {
    points: type === 'POINTS' ? (b.points ?? null) : null,
    faceValue: type === 'COUPON' ? b.faceValue || null : null,
    currency: type === 'COUPON' ? b.currency || null : null,
    sku: type === 'PHYSICAL' ? b.sku || null : null,
    privilegeCode: type === 'PRIVILEGE' ? b.privilegeCode || null : null,
    extraJson: b.extraJson || null,
  };
}

function validityOf(b: TBenefitInput) {
  const kind: BenefitValidityKind = b.validityKind;
  return {
    kind,
    validDays: kind === 'RELATIVE' ? (b.validDays ?? null) : null,
    validFrom: kind === 'FIXED' ? (b.validFrom ?? null) : null,
    validUntil: kind === 'FIXED' ? (b.validUntil ?? null) : null,
  };
}

/** Creates a benefit (DRAFT) or saves every field of one; the type is fixed after creation. */
export async function saveBenefit(raw: unknown): Promise<ActionResult<{ id: string }>> {
  return toActionResult(async () => {
    const b = parseActionInput(zBenefit, raw);
    const description = toLocalizedInput(b.descriptionZh, b.descriptionEn);
    const fields = {
      code: b.code,
      name: toLocalizedInput(b.nameZh, b.nameEn),
      description: Object.keys(description).length ? description : null,
      imageUrl: b.imageUrl || null,
      totalStock: b.totalStock ?? null,
      perUserLimit: b.perUserLimit ?? null,
      validity: validityOf(b),
      config: configOf(b),
    };
    if (b.id) {
      await gatewayRequest(ConsoleUpdateBenefitDocument, {
        input: { id: b.id, expectedVersion: b.version ?? null, ...fields },
      });
      return { id: b.id };
    }
    const created = await gatewayRequest(ConsoleCreateBenefitDocument, {
      input: { type: b.type, ...fields },
    });
    return { id: created.createBenefit.benefit.id };
  });
}

export async function changeBenefitStatus(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(zLifecycleInput, raw);
    const variables = { id: input.id, expectedVersion: input.expectedVersion };
    if (input.action === 'publish') await gatewayRequest(ConsolePublishBenefitDocument, variables);
    else if (input.action === 'offline')
      await gatewayRequest(ConsoleOfflineBenefitDocument, variables);
    else await gatewayRequest(ConsoleArchiveBenefitDocument, variables);
    return null;
  });
}

const zQuantity = z.number().int().min(1).max(10_000);

/** Every future grant of the badge brings `quantity` of the benefit. */
export async function linkBadgeBenefit(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        badgeId: zId,
        benefitId: zId,
        quantity: zQuantity.default(1),
        clawbackOnRevoke: z.boolean().default(true),
      }),
      raw,
    );
    await gatewayRequest(ConsoleLinkBadgeBenefitDocument, { input });
    return null;
  });
}

export async function updateBadgeBenefit(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        id: zId,
        quantity: zQuantity,
        isEnabled: z.boolean(),
        clawbackOnRevoke: z.boolean(),
      }),
      raw,
    );
    await gatewayRequest(ConsoleUpdateBadgeBenefitDocument, { input });
    return null;
  });
}

export async function unlinkBadgeBenefit(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleUnlinkBadgeBenefitDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}
