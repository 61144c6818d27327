import { AppError, type Identity } from '@badge/service-kit';
import { z } from 'zod';
import { auditRecord, type AuditBuilder } from '../../audit.js';
import { parseInput } from '../../pagination.js';
import type { PermissionRow, RoleRepository, RoleRow } from './role.repository.js';

export const ZCreateRoleInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,62}$/, 'lowercase letters, digits and _, starting with a letter'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  permissions: z.array(z.string()).max(200),
});
export type TCreateRoleInput = z.input<typeof ZCreateRoleInput>;

export const ZUpdateRoleInput = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1).max(100).nullish(),
  description: z.string().trim().max(500).nullish(),
  permissions: z.array(z.string()).max(200).nullish(),
});
export type TUpdateRoleInput = z.input<typeof ZUpdateRoleInput>;

const ZId = z.uuid();

export interface RoleDto {
  id: string;
  code: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  permissions: string[];
  adminCount: number;
  createdAt: string;
  updatedAt: string;
}

export const toRoleDto = (r: RoleRow): RoleDto => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const snapshot = (r: RoleRow | null) =>
  r && { code: r.code, name: r.name, description: r.description, permissions: r.permissions };

export function createRoleService(repository: RoleRepository) {
  const audit =
    (identity: Identity, action: string): AuditBuilder<RoleRow> =>
    (before, after) => [
      auditRecord(identity, {
        module: 'system',
        action,
        targetType: 'Role',
        targetId: (after ?? before)!.id,
        ...(before ? { before: snapshot(before) } : {}),
        ...(after ? { after: snapshot(after) } : {}),
      }),
    ];

  /** Permission codes → ids; every code must exist in the vocabulary. */
  const resolvePermissions = async (codes: readonly string[]): Promise<string[]> => {
    const unique = [...new Set(codes)];
    const ids = await repository.permissionIds(unique);
    const unknown = unique.filter((c) => !ids.has(c));
    if (unknown.length)
      throw new AppError('BAD_USER_INPUT', 'unknown permission codes', { unknown });
    return unique.map((c) => ids.get(c)!);
  };

  const refuseSystem = (role: RoleRow) => {
    if (role.isSystem)
      throw new AppError(
        'INVALID_STATE',
        `role ${role.code} is a system role and cannot be changed`,
        {
          code: role.code,
        },
      );
  };

  const byIds = async (ids: readonly string[]): Promise<(RoleDto | null)[]> => {
    const valid = ids.filter((id) => ZId.safeParse(id).success);
    const rows = new Map((await repository.findByIds(valid)).map((r) => [r.id, toRoleDto(r)]));
    return ids.map((id) => rows.get(id) ?? null);
  };

  return {
    async list(): Promise<RoleDto[]> {
      return (await repository.list()).map(toRoleDto);
    },

    byIds,

    async get(id: string): Promise<RoleDto | null> {
      const [role] = await byIds([id]);
      return role ?? null;
    },

    async permissions(module?: string | null): Promise<PermissionRow[]> {
      return repository.listPermissions(module ?? undefined);
    },

    async create(identity: Identity, input: TCreateRoleInput): Promise<RoleDto> {
      const data = parseInput(ZCreateRoleInput, input, 'role');
      const permissionIds = await resolvePermissions(data.permissions);
      if ((await repository.findByCodes([data.code])).length)
        throw new AppError('CONFLICT', `role ${data.code} already exists`, { code: data.code });
      const role = await repository.create(
        { code: data.code, name: data.name, description: data.description ?? null, permissionIds },
        audit(identity, 'role.create'),
      );
      return toRoleDto(role);
    },

    /** System roles (seeded, kept in sync by the seed) are read-only. */
    async update(identity: Identity, input: TUpdateRoleInput): Promise<RoleDto> {
      const data = parseInput(ZUpdateRoleInput, input, 'role update');
      const permissionIds = data.permissions
        ? await resolvePermissions(data.permissions)
        : undefined;
      const role = await repository.update(
        data.id,
        {
          ...(data.name ? { name: data.name } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(permissionIds ? { permissionIds } : {}),
        },
        refuseSystem,
        audit(identity, 'role.update'),
      );
      if (!role) throw new AppError('NOT_FOUND', 'role not found', { id: data.id });
      return toRoleDto(role);
    },

    /** System roles cannot be deleted; a role still assigned to admins neither (CONFLICT). */
    async delete(identity: Identity, id: string): Promise<RoleDto> {
      const roleId = parseInput(ZId, id, 'role id');
      const role = await repository.delete(
        roleId,
        (before) => {
          refuseSystem(before);
          if (before.adminCount > 0)
            throw new AppError('CONFLICT', `role ${before.code} is assigned to admins`, {
              code: before.code,
              adminCount: before.adminCount,
            });
        },
        audit(identity, 'role.delete'),
      );
      if (!role) throw new AppError('NOT_FOUND', 'role not found', { id: roleId });
      return toRoleDto(role);
    },
  };
}
export type RoleService = ReturnType<typeof createRoleService>;
