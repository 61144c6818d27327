import { AppError, type Identity } from '@badge/service-kit';
import { z } from 'zod';
import { auditRecord, type AuditBuilder } from '../../audit.js';
import {
  decodeCursor,
  parseInput,
  toConnection,
  ZConnectionArgs,
  type Connection,
} from '../../pagination.js';
import type { RoleRepository } from '../role/role.repository.js';
import type { AdminChange, AdminRepository, AdminRow } from './admin.repository.js';

export const ZAdminAccessInput = z.object({
  subject: z.string().min(1).max(255),
  email: z.string().max(320).nullish(),
  name: z.string().max(255).nullish(),
});
export type TAdminAccessInput = z.input<typeof ZAdminAccessInput>;

const ZStatus = z.enum(['PENDING', 'ACTIVE', 'DISABLED']);

export const ZAdminUsersArgs = ZConnectionArgs.extend({
  filter: z
    .object({ status: ZStatus.nullish(), search: z.string().trim().max(200).nullish() })
    .nullish(),
});
export type TAdminUsersArgs = z.input<typeof ZAdminUsersArgs>;

export const ZSetAdminUserStatusInput = z.object({
  id: z.uuid(),
  status: z.enum(['ACTIVE', 'DISABLED'], { message: 'status must be ACTIVE or DISABLED' }),
});
export type TSetAdminUserStatusInput = z.input<typeof ZSetAdminUserStatusInput>;

const ZRoleCodes = z.array(z.string().min(1).max(63)).max(50);

export const ZAssignAdminRolesInput = z.object({ adminUserId: z.uuid(), roleCodes: ZRoleCodes });
export type TAssignAdminRolesInput = z.input<typeof ZAssignAdminRolesInput>;

export const ZProvisionAdminUserInput = z.object({
  subject: z.string().trim().min(1).max(255),
  email: z.email().max(320).nullish(),
  name: z.string().trim().max(255).nullish(),
  roleCodes: ZRoleCodes,
});
export type TProvisionAdminUserInput = z.input<typeof ZProvisionAdminUserInput>;

const ZCursor = z.tuple([z.iso.datetime(), z.uuid()]);
const ZId = z.uuid();

export interface AdminAccessDto {
  status: AdminRow['status'];
  roles: string[];
  permissions: string[];
}

export interface AdminUserDto {
  id: string;
  subject: string;
  email: string | null;
  name: string | null;
  status: AdminRow['status'];
  /** Role ids, resolved to Role objects by the resolver's loader. */
  roleIds: string[];
  roleCodes: string[];
  permissions: string[];
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const toDto = (a: AdminRow): AdminUserDto => ({
  id: a.id,
  subject: a.oidcSubject,
  email: a.email,
  name: a.name,
  status: a.status,
  roleIds: a.roleRefs.map((r) => r.id),
  roleCodes: a.roles,
  // A PENDING or DISABLED admin holds no permissions, whatever their roles.
  permissions: a.status === 'ACTIVE' ? a.permissions : [],
  lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

const snapshot = (a: AdminRow | null) =>
  a && { subject: a.oidcSubject, email: a.email, name: a.name, status: a.status, roles: a.roles };

/**
 * Admin identity and role assignment.
 *
 * Decision (documented in README): admins are keyed by their OIDC subject and created on their
 * first sign-in — PENDING, with no permissions, until an admin with `system:user:write` grants
 * them a role (which activates them); subjects listed in ADMIN_BOOTSTRAP_SUBJECTS start as
 * ACTIVE super admins. Admins can also be provisioned ahead of their first sign-in.
 */
export function createAdminService(deps: {
  repository: AdminRepository;
  roles: RoleRepository;
  bootstrapSubjects: readonly string[];
  /** Coalesced "last sign-in" bookkeeping (never blocks the lookup). */
  touchLogin?: (subject: string) => void;
}) {
  const { repository } = deps;

  const audit =
    (identity: Identity, action: string): AuditBuilder<AdminRow> =>
    (before, after) => [
      auditRecord(identity, {
        module: 'system',
        action,
        targetType: 'AdminUser',
        targetId: (after ?? before)!.id,
        ...(before ? { before: snapshot(before) } : {}),
        ...(after ? { after: snapshot(after) } : {}),
      }),
    ];

  /** The change must leave at least one active super admin (or nobody could administer). */
  const isActiveSuperAdmin = (a: AdminRow) =>
    a.status === 'ACTIVE' && a.roles.includes('super_admin');
  const keepsSuperAdmin = ({ before, after, activeSuperAdmins }: AdminChange) => {
    if (isActiveSuperAdmin(before) && !isActiveSuperAdmin(after) && activeSuperAdmins === 0)
      throw new AppError('INVALID_STATE', 'this change would leave no active super admin', {
        id: before.id,
      });
  };

  const roleIdsOf = async (codes: readonly string[]): Promise<string[]> => {
    const unique = [...new Set(codes)];
    const found = await deps.roles.findByCodes(unique);
    const unknown = unique.filter((c) => !found.some((r) => r.code === c));
    if (unknown.length) throw new AppError('BAD_USER_INPUT', 'unknown role codes', { unknown });
    return found.map((r) => r.id);
  };

  const byIds = async (ids: readonly string[]): Promise<(AdminUserDto | null)[]> => {
    const valid = ids.filter((id) => ZId.safeParse(id).success);
    const rows = new Map((await repository.findByIds(valid)).map((a) => [a.id, toDto(a)]));
    return ids.map((id) => rows.get(id) ?? null);
  };

  return {
    /**
     * The gateway's lookup on sign-in. Unknown subjects are registered PENDING (no permissions)
     * — or ACTIVE super admins when listed in ADMIN_BOOTSTRAP_SUBJECTS — so an operator can see
     * who is waiting for access. A disabled admin keeps no permissions.
     */
    async access(identity: Identity, input: TAdminAccessInput): Promise<AdminAccessDto> {
      const parsed = ZAdminAccessInput.safeParse(input);
      if (!parsed.success) throw new AppError('BAD_USER_INPUT', 'invalid admin access request');
      const { subject, email, name } = parsed.data;
      let admin = await repository.findBySubject(subject);
      if (admin) {
        deps.touchLogin?.(subject);
        const changed = {
          ...(email && email !== admin.email ? { email } : {}),
          ...(name && name !== admin.name ? { name } : {}),
        };
        if (Object.keys(changed).length) await repository.updateProfile(admin.id, changed);
      } else {
        const isBootstrap = deps.bootstrapSubjects.includes(subject);
        admin = await repository.register(
          {
            subject,
            ...(email ? { email } : {}),
            ...(name ? { name } : {}),
            status: isBootstrap ? 'ACTIVE' : 'PENDING',
            roleCodes: isBootstrap ? ['super_admin'] : [],
          },
          (after) => audit(identity, 'admin.register')(null, after),
        );
      }
      const active = admin.status === 'ACTIVE';
      return {
        status: admin.status,
        roles: active ? admin.roles : [],
        permissions: active ? admin.permissions : [],
      };
    },

    async me(identity: Identity) {
      if (identity.kind !== 'admin') return null;
      const admin = await repository.findBySubject(identity.subject);
      if (!admin) return null;
      return {
        id: admin.id,
        subject: admin.oidcSubject,
        email: admin.email,
        name: admin.name,
        status: admin.status,
        roles: admin.roles,
        permissions: admin.status === 'ACTIVE' ? admin.permissions : [],
        createdAt: admin.createdAt.toISOString(),
      };
    },

    byIds,

    async get(id: string): Promise<AdminUserDto | null> {
      return (await byIds([id]))[0] ?? null;
    },

    async list(args: TAdminUsersArgs): Promise<Connection<AdminUserDto>> {
      const { first, after, filter } = parseInput(ZAdminUsersArgs, args, 'admin user query');
      const cursor = decodeCursor(after, ZCursor);
      const { rows, totalCount } = await repository.list(
        { status: filter?.status ?? undefined, search: filter?.search || undefined },
        {
          take: first + 1,
          after: cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined,
        },
      );
      return toConnection(rows, first, totalCount, toDto, (a) => [a.createdAt.toISOString(), a.id]);
    },

    /** Activates or disables an admin; nobody disables themself or the last super admin. */
    async setStatus(identity: Identity, input: TSetAdminUserStatusInput): Promise<AdminUserDto> {
      const data = parseInput(ZSetAdminUserStatusInput, input, 'admin status change');
      const admin = await repository.setStatus(
        data.id,
        data.status,
        (change) => {
          if (data.status === 'DISABLED' && change.before.oidcSubject === identity.subject)
            throw new AppError('INVALID_STATE', 'you cannot disable your own account', {
              id: data.id,
            });
          keepsSuperAdmin(change);
        },
        audit(identity, data.status === 'ACTIVE' ? 'admin.activate' : 'admin.disable'),
      );
      if (!admin) throw new AppError('NOT_FOUND', 'admin user not found', { id: data.id });
      return toDto(admin);
    },

    /** Replaces an admin's roles (a PENDING admin receiving roles becomes ACTIVE). */
    async assignRoles(identity: Identity, input: TAssignAdminRolesInput): Promise<AdminUserDto> {
      const data = parseInput(ZAssignAdminRolesInput, input, 'role assignment');
      const roleIds = await roleIdsOf(data.roleCodes);
      const admin = await repository.setRoles(
        data.adminUserId,
        roleIds,
        identity.subject,
        keepsSuperAdmin,
        audit(identity, 'admin.assign_roles'),
      );
      if (!admin) throw new AppError('NOT_FOUND', 'admin user not found', { id: data.adminUserId });
      return toDto(admin);
    },

    /** Creates an admin before their first sign-in: ACTIVE with roles, else PENDING. */
    async provision(identity: Identity, input: TProvisionAdminUserInput): Promise<AdminUserDto> {
      const data = parseInput(ZProvisionAdminUserInput, input, 'admin user');
      const roleIds = await roleIdsOf(data.roleCodes);
      const admin = await repository.provision(
        {
          subject: data.subject,
          email: data.email ?? null,
          name: data.name ?? null,
          status: roleIds.length > 0 ? 'ACTIVE' : 'PENDING',
          roleIds,
          assignedBy: identity.subject,
        },
        audit(identity, 'admin.provision'),
      );
      return toDto(admin);
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
