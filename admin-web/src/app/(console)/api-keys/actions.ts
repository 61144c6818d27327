'use server';

import { z } from 'zod';
import {
  ConsoleCreateApiKeyDocument,
  ConsoleDeleteApiKeyDocument,
  ConsoleRegenerateApiKeyDocument,
  ConsoleSetApiKeyEnabledDocument,
  ConsoleUpdateApiKeyDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zId } from '../../../server/input';
import { API_KEY_SCOPES } from './scopes';

const zKey = z.object({
  id: zId.optional(),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).nullish(),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

/** Creates a key (the secret comes back once, to be shown once) or updates one. */
export async function saveApiKey(raw: unknown): Promise<ActionResult<{ secret: string | null }>> {
  return toActionResult(async () => {
    const { id, ...input } = parseActionInput(zKey, raw);
    const fields = {
      ...input,
      description: input.description || null,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      expiresAt: input.expiresAt ?? null,
    };
    if (id) {
      await gatewayRequest(ConsoleUpdateApiKeyDocument, { input: { id, ...fields } });
      return { secret: null };
    }
    const created = await gatewayRequest(ConsoleCreateApiKeyDocument, { input: fields });
    return { secret: created.createApiKey.key };
  });
}

export async function setApiKeyEnabled(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(z.object({ id: zId, isEnabled: z.boolean() }), raw);
    await gatewayRequest(ConsoleSetApiKeyEnabledDocument, input);
    return null;
  });
}

export async function regenerateApiKey(id: unknown): Promise<ActionResult<{ secret: string }>> {
  return toActionResult(async () => {
    const result = await gatewayRequest(ConsoleRegenerateApiKeyDocument, {
      id: parseActionInput(zId, id),
    });
    return { secret: result.regenerateApiKey.key };
  });
}

export async function deleteApiKey(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleDeleteApiKeyDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}
