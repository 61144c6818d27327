'use server';

import { z } from 'zod';
import {
  ConsoleCreateCategoryDocument,
  ConsoleCreateSeriesDocument,
  ConsoleDeleteCategoryDocument,
  ConsoleDeleteSeriesDocument,
  ConsoleUpdateCategoryDocument,
  ConsoleUpdateSeriesDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zCode, zId, zLocalizedFields, zOptionalUrl } from '../../../server/input';
import { toLocalizedInput } from '../../../ui/localized';

const zCategory = z.object({
  ...zLocalizedFields,
  iconUrl: zOptionalUrl,
  displayOrder: z.number().int().min(0).max(100_000).optional(),
  isEnabled: z.boolean().optional(),
});

const zSeries = zCategory.omit({ iconUrl: true }).extend({
  coverUrl: zOptionalUrl,
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).optional(),
});

function fields(input: z.infer<typeof zCategory>) {
  return {
    name: toLocalizedInput(input.nameZh, input.nameEn),
    description: toLocalizedInput(input.descriptionZh, input.descriptionEn),
    displayOrder: input.displayOrder,
    isEnabled: input.isEnabled,
  };
}

export async function saveCategory(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(zCategory.extend({ id: zId.optional(), code: zCode }), raw);
    const common = { ...fields(input), iconUrl: input.iconUrl || null };
    if (input.id) {
      await gatewayRequest(ConsoleUpdateCategoryDocument, { input: { id: input.id, ...common } });
    } else {
      await gatewayRequest(ConsoleCreateCategoryDocument, {
        input: { code: input.code, ...common },
      });
    }
    return null;
  });
}

export async function deleteCategory(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleDeleteCategoryDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}

export async function saveSeries(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      zSeries.extend({ id: zId.optional(), categoryId: zId, code: zCode }),
      raw,
    );
    const common = {
      ...fields(input),
      coverUrl: input.coverUrl || null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
    };
    if (input.id) {
      await gatewayRequest(ConsoleUpdateSeriesDocument, { input: { id: input.id, ...common } });
    } else {
      await gatewayRequest(ConsoleCreateSeriesDocument, {
        input: { categoryId: input.categoryId, code: input.code, ...common },
      });
    }
    return null;
  });
}

export async function deleteSeries(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleDeleteSeriesDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}
