'use server';

import { z } from 'zod';
import {
  ConsoleArchiveBadgeDocument,
  ConsoleCreateBadgeDocument,
  ConsoleDeleteBadgeDocument,
  ConsoleOfflineBadgeDocument,
  ConsolePublishBadgeDocument,
  ConsoleSetBadgeDependenciesDocument,
  ConsoleUpdateBadgeDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zCode, zId, zLifecycleInput, zLocalizedFields, zOptionalUrl } from '../../../server/input';
import { toLocalizedInput } from '../../../ui/localized';
import { VALIDITY_KINDS } from './badge-enums';

const zCount = z.number().int().min(1).max(100_000_000).nullish();

const zBadge = z
  .object({
    id: zId.optional(),
    version: z.number().int().optional(),
    code: zCode,
    categoryId: zId,
    seriesId: zId.nullish(),
    ...zLocalizedFields,
    imageUrl: zOptionalUrl,
    displayOrder: z.number().int().min(0).max(100_000).optional(),
    totalStock: zCount,
    perUserCap: zCount,
    isRepeatable: z.boolean().optional(),
    isHiddenUntilEarned: z.boolean().optional(),
    isAutoCascade: z.boolean().optional(),
    validityKind: z.enum(VALIDITY_KINDS as [string, ...string[]]),
    validDays: z.number().int().min(1).max(3650).nullish(),
    validFrom: z.iso.datetime({ offset: true }).nullish(),
    validUntil: z.iso.datetime({ offset: true }).nullish(),
  })
  .refine((b) => b.validityKind !== 'RELATIVE' || b.validDays, {
    path: ['validDays'],
    message: 'required for a validity in days',
  })
  .refine((b) => b.validityKind !== 'FIXED' || (b.validFrom && b.validUntil), {
    path: ['validWindow'],
    message: 'a fixed validity needs a start and an end',
  });

export async function saveBadge(raw: unknown): Promise<ActionResult<{ id: string }>> {
  return toActionResult(async () => {
    const b = parseActionInput(zBadge, raw);
    const fields = {
      categoryId: b.categoryId,
      seriesId: b.seriesId ?? null,
      name: toLocalizedInput(b.nameZh, b.nameEn),
      description: toLocalizedInput(b.descriptionZh, b.descriptionEn),
      imageUrl: b.imageUrl || null,
      displayOrder: b.displayOrder,
      totalStock: b.totalStock ?? null,
      perUserCap: b.perUserCap ?? null,
      isRepeatable: b.isRepeatable,
      isHiddenUntilEarned: b.isHiddenUntilEarned,
      isAutoCascade: b.isAutoCascade,
      validity: {
        kind: b.validityKind as (typeof VALIDITY_KINDS)[number],
        validDays: b.validityKind === 'RELATIVE' ? b.validDays : null,
        validFrom: b.validityKind === 'FIXED' ? b.validFrom : null,
        validUntil: b.validityKind === 'FIXED' ? b.validUntil : null,
      },
    };
    if (b.id) {
      await gatewayRequest(ConsoleUpdateBadgeDocument, {
        input: { id: b.id, expectedVersion: b.version ?? 0, ...fields },
      });
      return { id: b.id };
    }
    const created = await gatewayRequest(ConsoleCreateBadgeDocument, {
      input: { code: b.code, ...fields },
    });
    return { id: created.createBadge.badge.id };
  });
}

export async function changeBadgeStatus(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(zLifecycleInput, raw);
    const variables = { id: input.id, expectedVersion: input.expectedVersion };
    if (input.action === 'publish') await gatewayRequest(ConsolePublishBadgeDocument, variables);
    else if (input.action === 'offline')
      await gatewayRequest(ConsoleOfflineBadgeDocument, variables);
    else await gatewayRequest(ConsoleArchiveBadgeDocument, variables);
    return null;
  });
}

export async function deleteBadge(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleDeleteBadgeDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}

const zGroups = z
  .array(
    z.object({
      operator: z.enum(['AND', 'OR']),
      items: z
        .array(
          z.object({
            requiredBadgeId: zId,
            requiredQuantity: z.number().int().min(1).max(1000).default(1),
            consumesPrerequisite: z.boolean().default(false),
            revokeBehavior: z.enum(['KEEP', 'CASCADE']).default('KEEP'),
          }),
        )
        .min(1)
        .max(20),
    }),
  )
  .max(10);

export async function setBadgeDependencies(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(z.object({ badgeId: zId, groups: zGroups }), raw);
    await gatewayRequest(ConsoleSetBadgeDependenciesDocument, { input });
    return null;
  });
}
