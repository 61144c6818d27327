import { insertOutboxRecords, isUniqueViolation, type PrismaClient } from '@badge/db';
import { AppError } from '@badge/service-kit';
import type { AuditBuilder } from '../../audit.js';

export interface RoleRow {
  id: string;
  code: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  permissions: string[];
  adminCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PermissionRow {
  code: string;
  module: string;
  resource: string;
  action: string;
  description: string | null;
}

const include = {
  permissions: { include: { permission: { select: { code: true } } } },
  _count: { select: { adminUsers: true } },
} as const;

type RoleWithRelations = {
  id: string;
  code: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  createdAt: Date;
  updatedAt: Date;
  permissions: { permission: { code: string } }[];
  _count: { adminUsers: number };
};

const toRow = (r: RoleWithRelations): RoleRow => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description,
  isSystem: r.isSystem,
  permissions: r.permissions.map((p) => p.permission.code).sort(),
  adminCount: r._count.adminUsers,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function createRoleRepository(prisma: PrismaClient) {
  return {
    async list(): Promise<RoleRow[]> {
      const roles = await prisma.role.findMany({
        include,
        orderBy: [{ isSystem: 'desc' }, { code: 'asc' }],
      });
      return roles.map(toRow);
    },

    async findByIds(ids: readonly string[]): Promise<RoleRow[]> {
      const roles = await prisma.role.findMany({ where: { id: { in: [...ids] } }, include });
      return roles.map(toRow);
    },

    async findByCodes(codes: readonly string[]): Promise<RoleRow[]> {
      const roles = await prisma.role.findMany({ where: { code: { in: [...codes] } }, include });
      return roles.map(toRow);
    },

    listPermissions(module?: string): Promise<PermissionRow[]> {
      return prisma.permission.findMany({
        where: module ? { module } : {},
        select: { code: true, module: true, resource: true, action: true, description: true },
        orderBy: { code: 'asc' },
      });
    },

    /** Ids of existing permission codes (unknown codes are simply absent). */
    async permissionIds(codes: readonly string[]): Promise<Map<string, string>> {
      const rows = await prisma.permission.findMany({
        where: { code: { in: [...codes] } },
        select: { id: true, code: true },
      });
      return new Map(rows.map((r) => [r.code, r.id]));
    },

    /** Creates a role with its permission set and its audit record in one transaction. */
    async create(
      input: { code: string; name: string; description: string | null; permissionIds: string[] },
      audit: AuditBuilder<RoleRow>,
    ): Promise<RoleRow> {
      return prisma
        .$transaction(async (tx) => {
          const created = await tx.role.create({
            data: {
              code: input.code,
              name: input.name,
              description: input.description,
              isSystem: false,
              permissions: {
                create: input.permissionIds.map((permissionId) => ({ permissionId })),
              },
            },
            include,
          });
          const row = toRow(created);
          await insertOutboxRecords(tx, 'user', audit(null, row));
          return row;
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err))
            throw new AppError('CONFLICT', `role ${input.code} already exists`, {
              code: input.code,
            });
          throw err;
        });
    },

    /**
     * Updates a custom role (name, description, and — when given — replaces its permission
     * set). Returns null when the role does not exist; `guard` may refuse the change.
     */
    async update(
      id: string,
      patch: { name?: string; description?: string | null; permissionIds?: string[] },
      guard: (before: RoleRow) => void,
      audit: AuditBuilder<RoleRow>,
    ): Promise<RoleRow | null> {
      return prisma.$transaction(async (tx) => {
        const current = await tx.role.findUnique({ where: { id }, include });
        if (!current) return null;
        const before = toRow(current);
        guard(before);
        if (patch.permissionIds) {
          await tx.rolePermission.deleteMany({ where: { roleId: id } });
          await tx.rolePermission.createMany({
            data: patch.permissionIds.map((permissionId) => ({ roleId: id, permissionId })),
          });
        }
        const updated = await tx.role.update({
          where: { id },
          data: {
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            updatedAt: new Date(),
          },
          include,
        });
        const after = toRow(updated);
        await insertOutboxRecords(tx, 'user', audit(before, after));
        return after;
      });
    },

    /** Deletes a role; `guard` sees it (with its assignment count) first. Null when absent. */
    async delete(
      id: string,
      guard: (before: RoleRow) => void,
      audit: AuditBuilder<RoleRow>,
    ): Promise<RoleRow | null> {
      return prisma.$transaction(async (tx) => {
        // Lock the role so no assignment slips in between the check and the delete.
        await tx.$executeRaw`SELECT 1 FROM "user".role WHERE id = ${id}::uuid FOR UPDATE`;
        const current = await tx.role.findUnique({ where: { id }, include });
        if (!current) return null;
        const before = toRow(current);
        guard(before);
        await tx.role.delete({ where: { id } });
        await insertOutboxRecords(tx, 'user', audit(before, null));
        return before;
      });
    },
  };
}
export type RoleRepository = ReturnType<typeof createRoleRepository>;
