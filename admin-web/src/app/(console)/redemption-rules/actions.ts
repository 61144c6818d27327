'use server';

import { z } from 'zod';
import {
  ConsoleActivateRedemptionRuleDocument,
  ConsoleCreateRedemptionRuleDocument,
  ConsoleDisableRedemptionRuleDocument,
  ConsoleUpdateRedemptionRuleDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zCode, zId, zLocalizedFields } from '../../../server/input';
import { toLocalizedInput } from '../../../ui/localized';

const zItems = z
  .array(z.object({ badgeId: zId, quantity: z.number().int().min(1).max(1_000) }))
  .min(1, 'needs at least one badge')
  .max(5, 'at most 5 badges')
  .refine(
    (items) => new Set(items.map((i) => i.badgeId)).size === items.length,
    'a badge appears twice',
  );

const zRule = z
  .object({
    id: zId.optional(),
    /** Badges and quantity change only while DRAFT: for other rules they are not sent. */
    isDraft: z.boolean().default(true),
    code: zCode,
    benefitId: zId,
    ...zLocalizedFields,
    benefitQuantity: z.number().int().min(1).max(1_000).default(1),
    items: zItems,
    perUserLimit: z.number().int().min(1).max(1_000_000).nullish(),
    activeFrom: z.iso.datetime({ offset: true }).nullish(),
    activeUntil: z.iso.datetime({ offset: true }).nullish(),
  })
  .refine((r) => r.nameZh || r.nameEn, { path: ['nameZh'], message: 'a name is required' })
  .refine((r) => !r.activeFrom || !r.activeUntil || r.activeFrom < r.activeUntil, {
    path: ['activeWindow'],
    message: 'the end must be after the start',
  });

/** Creates a rule (DRAFT) or saves one; the code and the benefit are fixed after creation. */
export async function saveRedemptionRule(raw: unknown): Promise<ActionResult<{ id: string }>> {
  return toActionResult(async () => {
    const r = parseActionInput(zRule, raw);
    const description = toLocalizedInput(r.descriptionZh, r.descriptionEn);
    const fields = {
      name: toLocalizedInput(r.nameZh, r.nameEn),
      description: Object.keys(description).length ? description : null,
      perUserLimit: r.perUserLimit ?? null,
      activeFrom: r.activeFrom ?? null,
      activeUntil: r.activeUntil ?? null,
    };
    if (r.id) {
      await gatewayRequest(ConsoleUpdateRedemptionRuleDocument, {
        input: {
          id: r.id,
          ...fields,
          ...(r.isDraft ? { items: r.items, benefitQuantity: r.benefitQuantity } : {}),
        },
      });
      return { id: r.id };
    }
    const created = await gatewayRequest(ConsoleCreateRedemptionRuleDocument, {
      input: {
        code: r.code,
        benefitId: r.benefitId,
        benefitQuantity: r.benefitQuantity,
        items: r.items,
        ...fields,
      },
    });
    return { id: created.createRedemptionRule.rule.id };
  });
}

export async function changeRedemptionRuleStatus(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const { id, action } = parseActionInput(
      z.object({ id: zId, action: z.enum(['activate', 'disable']) }),
      raw,
    );
    if (action === 'activate') await gatewayRequest(ConsoleActivateRedemptionRuleDocument, { id });
    else await gatewayRequest(ConsoleDisableRedemptionRuleDocument, { id });
    return null;
  });
}
