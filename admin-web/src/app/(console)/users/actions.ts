'use server';

import { z } from 'zod';
import {
  ConsoleGrantBadgeDocument,
  ConsoleRevokeBadgeDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zId } from '../../../server/input';

const zManual = z.object({
  userId: z.string().trim().min(1).max(128),
  badgeId: zId,
  quantity: z.number().int().min(1).max(1000).default(1),
  reason: z.string().trim().min(1).max(500),
  /** One per dialog opening, so a double click or a retry grants once. */
  idempotencyKey: z.string().trim().min(8).max(64),
});

export async function grantBadge(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(zManual, raw);
    await gatewayRequest(ConsoleGrantBadgeDocument, { input });
    return null;
  });
}

export async function revokeBadge(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(zManual.extend({ userBadgeId: zId.optional() }), raw);
    await gatewayRequest(ConsoleRevokeBadgeDocument, { input });
    return null;
  });
}
