'use server';

import { z } from 'zod';
import {
  ConsoleAssignAdminRolesDocument,
  ConsoleCreateRoleDocument,
  ConsoleDeleteRoleDocument,
  ConsoleProvisionAdminDocument,
  ConsoleSetAdminStatusDocument,
  ConsoleUpdateRoleDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zCode, zId } from '../../../server/input';

const zRoleCodes = z.array(z.string().trim().min(1).max(64)).max(20);
const zPermissions = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[a-z_]+:[a-z_]+:[a-z_]+$/),
  )
  .max(200);

export async function assignAdminRoles(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(z.object({ adminUserId: zId, roleCodes: zRoleCodes }), raw);
    await gatewayRequest(ConsoleAssignAdminRolesDocument, { input });
    return null;
  });
}

export async function setAdminStatus(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({ id: zId, status: z.enum(['ACTIVE', 'DISABLED']) }),
      raw,
    );
    await gatewayRequest(ConsoleSetAdminStatusDocument, { input });
    return null;
  });
}

export async function provisionAdmin(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        subject: z.string().trim().min(1).max(255),
        email: z.email().optional().or(z.literal('')),
        name: z.string().trim().max(100).optional(),
        roleCodes: zRoleCodes,
      }),
      raw,
    );
    await gatewayRequest(ConsoleProvisionAdminDocument, {
      input: { ...input, email: input.email || null, name: input.name || null },
    });
    return null;
  });
}

export async function saveRole(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        id: zId.optional(),
        code: zCode,
        name: z.string().trim().min(1).max(100),
        description: z.string().trim().max(500).optional(),
        permissions: zPermissions,
      }),
      raw,
    );
    const fields = {
      name: input.name,
      description: input.description || null,
      permissions: input.permissions,
    };
    if (input.id)
      await gatewayRequest(ConsoleUpdateRoleDocument, { input: { id: input.id, ...fields } });
    else
      await gatewayRequest(ConsoleCreateRoleDocument, { input: { code: input.code, ...fields } });
    return null;
  });
}

export async function deleteRole(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleDeleteRoleDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}
