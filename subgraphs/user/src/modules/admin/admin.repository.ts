import {
  insertOutboxRecords,
  isUniqueViolation,
  Prisma,
  type AdminUserStatus,
  type PrismaClient,
} from '@badge/db';
import { AppError } from '@badge/service-kit';
import type { AuditBuilder } from '../../audit.js';
import type { OutboxRecord } from '@badge/proto';

export interface AdminRoleRef {
  id: string;
  code: string;
  name: string;
}

export interface AdminRow {
  id: string;
  oidcSubject: string;
  email: string | null;
  name: string | null;
  status: AdminUserStatus;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Role codes, sorted. */
  roles: string[];
  roleRefs: AdminRoleRef[];
  /** Union of the roles' permission codes, sorted. */
  permissions: string[];
}

const include = {
  roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } },
} as const;

type AdminWithRoles = Prisma.AdminUserGetPayload<{ include: typeof include }>;

const toRow = (admin: AdminWithRoles): AdminRow => {
  const refs = admin.roles
    .map((r) => ({ id: r.role.id, code: r.role.code, name: r.role.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    id: admin.id,
    oidcSubject: admin.oidcSubject,
    email: admin.email,
    name: admin.name,
    status: admin.status,
    lastLoginAt: admin.lastLoginAt,
    createdAt: admin.createdAt,
    updatedAt: admin.updatedAt,
    roles: refs.map((r) => r.code),
    roleRefs: refs,
    permissions: [
      ...new Set(admin.roles.flatMap((r) => r.role.permissions.map((p) => p.permission.code))),
    ].sort(),
  };
};

export interface AdminListFilter {
  status?: AdminUserStatus | undefined;
  search?: string | undefined;
}

/** What a guard sees: the admin before and after the change, and the super admins left. */
export interface AdminChange {
  before: AdminRow;
  after: AdminRow;
  activeSuperAdmins: number;
}

// Serialises changes of admin status and roles, so "the last active super admin" checks cannot
// race (two admins demoting each other at once).
const RBAC_LOCK = Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('user.admin_rbac'))::text`;

export function createAdminRepository(prisma: PrismaClient) {
  const where = (filter: AdminListFilter): Prisma.AdminUserWhereInput => ({
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.search
      ? {
          OR: [
            { oidcSubject: { contains: filter.search, mode: 'insensitive' } },
            { email: { contains: filter.search, mode: 'insensitive' } },
            { name: { contains: filter.search, mode: 'insensitive' } },
          ],
        }
      : {}),
  });

  const countActiveSuperAdmins = (tx: Prisma.TransactionClient) =>
    tx.adminUser.count({
      where: { status: 'ACTIVE', roles: { some: { role: { code: 'super_admin' } } } },
    });

  /** Applies `change` to one admin under the RBAC lock, lets `guard` veto it, then audits. */
  const change = async (
    id: string,
    apply: (tx: Prisma.TransactionClient, before: AdminRow) => Promise<void>,
    guard: (change: AdminChange) => void,
    audit: AuditBuilder<AdminRow>,
  ): Promise<AdminRow | null> =>
    prisma.$transaction(async (tx) => {
      await tx.$queryRaw(RBAC_LOCK);
      const current = await tx.adminUser.findUnique({ where: { id }, include });
      if (!current) return null;
      const before = toRow(current);
      await apply(tx, before);
      const after = toRow(await tx.adminUser.findUniqueOrThrow({ where: { id }, include }));
      guard({ before, after, activeSuperAdmins: await countActiveSuperAdmins(tx) });
      await insertOutboxRecords(tx, 'user', audit(before, after));
      return after;
    });

  return {
    async findBySubject(subject: string): Promise<AdminRow | null> {
      const admin = await prisma.adminUser.findUnique({ where: { oidcSubject: subject }, include });
      return admin ? toRow(admin) : null;
    },

    async findByIds(ids: readonly string[]): Promise<AdminRow[]> {
      const admins = await prisma.adminUser.findMany({ where: { id: { in: [...ids] } }, include });
      return admins.map(toRow);
    },

    /** Newest first; `after` is the (createdAt, id) of the last row of the previous page. */
    async list(
      filter: AdminListFilter,
      page: { take: number; after?: { createdAt: Date; id: string } | undefined },
    ): Promise<{ rows: AdminRow[]; totalCount: number }> {
      const base = where(filter);
      const [rows, totalCount] = await Promise.all([
        prisma.adminUser.findMany({
          where: page.after
            ? {
                AND: [
                  base,
                  {
                    OR: [
                      { createdAt: { lt: page.after.createdAt } },
                      { createdAt: page.after.createdAt, id: { lt: page.after.id } },
                    ],
                  },
                ],
              }
            : base,
          include,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: page.take,
        }),
        prisma.adminUser.count({ where: base }),
      ]);
      return { rows: rows.map(toRow), totalCount };
    },

    /**
     * Registers an admin on first sign-in (idempotent under concurrent sign-ins: the unique
     * subject decides), optionally active with the given roles. The audit record is written only
     * by the sign-in that actually created the row.
     */
    async register(
      input: {
        subject: string;
        email?: string;
        name?: string;
        status: AdminUserStatus;
        roleCodes: string[];
      },
      audit: (after: AdminRow) => OutboxRecord[],
    ): Promise<AdminRow> {
      try {
        return await prisma.$transaction(async (tx) => {
          const admin = await tx.adminUser.create({
            data: {
              oidcSubject: input.subject,
              email: input.email ?? null,
              name: input.name ?? null,
              status: input.status,
              lastLoginAt: new Date(),
              roles: {
                create: input.roleCodes.map((code) => ({
                  role: { connect: { code } },
                  assignedBy: 'bootstrap',
                })),
              },
            },
            include,
          });
          const row = toRow(admin);
          await insertOutboxRecords(tx, 'user', audit(row));
          return row;
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const existing = await prisma.adminUser.findUniqueOrThrow({
          where: { oidcSubject: input.subject },
          include,
        });
        return toRow(existing);
      }
    },

    /** Provisions an admin ahead of their first sign-in (CONFLICT when the subject exists). */
    async provision(
      input: {
        subject: string;
        email: string | null;
        name: string | null;
        status: AdminUserStatus;
        roleIds: string[];
        assignedBy: string;
      },
      audit: AuditBuilder<AdminRow>,
    ): Promise<AdminRow> {
      try {
        return await prisma.$transaction(async (tx) => {
          const admin = await tx.adminUser.create({
            data: {
              oidcSubject: input.subject,
              email: input.email,
              name: input.name,
              status: input.status,
              roles: {
                create: input.roleIds.map((roleId) => ({ roleId, assignedBy: input.assignedBy })),
              },
            },
            include,
          });
          const row = toRow(admin);
          await insertOutboxRecords(tx, 'user', audit(null, row));
          return row;
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError('CONFLICT', 'an admin with this subject already exists', {
            subject: input.subject,
          });
        throw err;
      }
    },

    setStatus(
      id: string,
      status: AdminUserStatus,
      guard: (change: AdminChange) => void,
      audit: AuditBuilder<AdminRow>,
    ): Promise<AdminRow | null> {
      return change(
        id,
        async (tx) => {
          await tx.adminUser.update({ where: { id }, data: { status, updatedAt: new Date() } });
        },
        guard,
        audit,
      );
    },

    /** Replaces the admin's roles; a PENDING admin who receives roles becomes ACTIVE. */
    setRoles(
      id: string,
      roleIds: string[],
      assignedBy: string,
      guard: (change: AdminChange) => void,
      audit: AuditBuilder<AdminRow>,
    ): Promise<AdminRow | null> {
      return change(
        id,
        async (tx, before) => {
          await tx.adminUserRole.deleteMany({
            where: { adminUserId: id, roleId: { notIn: roleIds } },
          });
          await tx.adminUserRole.createMany({
            data: roleIds.map((roleId) => ({ adminUserId: id, roleId, assignedBy })),
            skipDuplicates: true,
          });
          await tx.adminUser.update({
            where: { id },
            data: {
              updatedAt: new Date(),
              ...(before.status === 'PENDING' && roleIds.length > 0 ? { status: 'ACTIVE' } : {}),
            },
          });
        },
        guard,
        audit,
      );
    },

    /** Sign-in bookkeeping (batched, best effort): last seen time per admin subject. */
    async touchLogins(entries: ReadonlyMap<string, Date>): Promise<void> {
      const subjects = [...entries.keys()];
      const times = subjects.map((s) => entries.get(s)!.toISOString());
      await prisma.$executeRaw`
        UPDATE "user".admin_user a SET last_login_at = v.at
        FROM unnest(${subjects}::text[], ${times}::timestamptz[]) AS v(subject, at)
        WHERE a.oidc_subject = v.subject AND (a.last_login_at IS NULL OR a.last_login_at < v.at)`;
    },

    /** Keeps e-mail and name in step with the identity provider's claims. */
    async updateProfile(id: string, profile: { email?: string; name?: string }): Promise<void> {
      await prisma.adminUser.update({ where: { id }, data: { ...profile, updatedAt: new Date() } });
    },
  };
}
export type AdminRepository = ReturnType<typeof createAdminRepository>;
